#include "providers/bedrock/converse_request.hpp"

#include <algorithm>
#include <utility>

#include "json/json_string.hpp"
#include "json/top_level_scanner.hpp"

namespace llmgw::providers::bedrock {
namespace {

using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Json;
using canonical::Message;
using canonical::Role;
using canonical::ToolChoice;

constexpr std::int64_t kFallbackMaxTokens = 4096;
constexpr std::size_t kMaxQuotedBytes = 64;  // client text quoted in error messages

std::string quote_bounded(std::string_view text) {
  return "'" + std::string(json::utf8_prefix(text, kMaxQuotedBytes)) + "'";
}

/// Adds turns, merging a turn into the previous one of the same role: Converse wants the
/// roles to alternate, and tool results (role user) often follow each other.
class Turns {
 public:
  void add(std::string_view role, Json blocks) {
    if (blocks.empty()) return;  // Bedrock rejects empty content
    if (!messages_.empty() && messages_.back()["role"] == role) {
      Json& content = messages_.back()["content"];
      for (auto& block : blocks) content.push_back(std::move(block));
      return;
    }
    messages_.push_back(Json{{"role", role}, {"content", std::move(blocks)}});
  }
  Json take() { return std::move(messages_); }

 private:
  Json messages_ = Json::array();
};

/// An image block, or null when a URL image is dropped (drop_unsupported).
Result<Json> image_block(const canonical::Image& image, const TranslateTarget& target) {
  if (!image.url.empty()) {
    if (auto error = reject_unsupported("image_url", target)) return std::move(*error);
    return Json();
  }
  const std::string format = image_format(image.media_type);
  if (format.empty()) {
    return Error::invalid_request("Image type " + quote_bounded(image.media_type) +
                                      " is not supported by Bedrock Converse (it takes png, "
                                      "jpeg, gif and webp).",
                                  "image_url");
  }
  if (image.data.empty()) return Error::invalid_request("Image has no data.", "image_url");
  return Json{{"image", {{"format", format}, {"source", {{"bytes", image.data}}}}}};
}

/// Appends the text and image blocks of `parts`; empty texts are left out.
std::optional<Error> append_parts(const std::vector<ContentPart>& parts,
                                  const TranslateTarget& target, Json& blocks) {
  for (const ContentPart& part : parts) {
    if (part.kind == ContentPart::Kind::text) {
      if (!part.text.empty()) blocks.push_back(Json{{"text", part.text}});
      continue;
    }
    Result<Json> image = image_block(part.image, target);
    if (!image.ok()) return std::move(image).error();
    if (!image->is_null()) blocks.push_back(std::move(*image));
  }
  return std::nullopt;
}

Result<Json> tool_use_block(const canonical::ToolCall& call) {
  Json input = Json::object();
  if (!call.arguments.empty()) {
    // The scanner bounds nesting first: the arguments are one string inside the request, so
    // the request parser never saw their depth.
    const bool valid = json::validate(call.arguments).ok();
    if (valid) input = Json::parse(call.arguments, nullptr, /*allow_exceptions=*/false);
    if (!valid || input.is_discarded()) {
      return Error::invalid_request("The arguments of tool call " + quote_bounded(call.id) +
                                        " are not valid JSON; Bedrock needs them as a JSON "
                                        "value.",
                                    "messages");
    }
  }
  return Json{{"toolUse", {{"toolUseId", call.id}, {"name", call.name}, {"input", input}}}};
}

Result<Json> tool_result_block(const Message& message, const TranslateTarget& target) {
  if (message.tool_call_id.empty()) {
    return Error::invalid_request("A tool message has no tool_call_id.", "messages");
  }
  Json content = Json::array();
  if (auto error = append_parts(message.content, target, content)) return std::move(*error);
  Json result{{"toolUseId", message.tool_call_id}, {"content", std::move(content)}};
  if (message.tool_error) result["status"] = "error";
  return Json{{"toolResult", std::move(result)}};
}

Result<Json> build_messages(const ChatRequest& request, const TranslateTarget& target) {
  Turns turns;
  for (const Message& message : request.messages) {
    Json blocks = Json::array();
    if (message.role == Role::tool) {
      Result<Json> block = tool_result_block(message, target);
      if (!block.ok()) return std::move(block).error();
      blocks.push_back(std::move(*block));
      turns.add("user", std::move(blocks));
      continue;
    }
    if (auto error = append_parts(message.content, target, blocks)) return std::move(*error);
    if (message.role == Role::assistant) {
      for (const auto& call : message.tool_calls) {
        Result<Json> block = tool_use_block(call);
        if (!block.ok()) return std::move(block).error();
        blocks.push_back(std::move(*block));
      }
    }
    turns.add(message.role == Role::assistant ? "assistant" : "user", std::move(blocks));
  }
  Json messages = turns.take();
  if (messages.empty()) {
    return Error::invalid_request("The request has no message with content.", "messages");
  }
  return messages;
}

bool history_has_tool_blocks(const ChatRequest& request) {
  return std::any_of(request.messages.begin(), request.messages.end(), [](const Message& m) {
    return m.role == Role::tool || !m.tool_calls.empty();
  });
}

Json tool_spec(const canonical::ToolDefinition& tool) {
  Json spec{{"name", tool.name}};
  if (!tool.description.empty()) spec["description"] = tool.description;
  Json schema = tool.parameters.is_null() ? Json{{"type", "object"}, {"properties", Json::object()}}
                                          : tool.parameters;
  spec["inputSchema"] = Json{{"json", std::move(schema)}};
  if (tool.strict) spec["strict"] = true;
  return Json{{"toolSpec", std::move(spec)}};
}

/// toolConfig, or null when it is left out.
Result<Json> build_tool_config(const ChatRequest& request) {
  const ToolChoice::Mode mode = request.tool_choice.mode;
  if (request.tools.empty()) {
    if (mode == ToolChoice::Mode::required || mode == ToolChoice::Mode::named) {
      return Error::invalid_request("tool_choice requires tools.", "tool_choice");
    }
    return Json();
  }
  if (mode == ToolChoice::Mode::none && !history_has_tool_blocks(request)) return Json();
  Json tools = Json::array();
  for (const auto& tool : request.tools) tools.push_back(tool_spec(tool));
  Json config{{"tools", std::move(tools)}};
  switch (mode) {
    case ToolChoice::Mode::auto_: config["toolChoice"] = Json{{"auto", Json::object()}}; break;
    case ToolChoice::Mode::required: config["toolChoice"] = Json{{"any", Json::object()}}; break;
    case ToolChoice::Mode::named:
      config["toolChoice"] = Json{{"tool", {{"name", request.tool_choice.name}}}};
      break;
    case ToolChoice::Mode::unset:
    case ToolChoice::Mode::none: break;
  }
  return config;
}

Json inference_config(const ChatRequest& request, const TranslateTarget& target) {
  std::int64_t max_tokens = kFallbackMaxTokens;
  if (request.max_tokens) {
    max_tokens = *request.max_tokens;
  } else if (target.model.default_max_tokens > 0) {
    max_tokens = target.model.default_max_tokens;
  }
  Json config{{"maxTokens", max_tokens}};
  if (request.temperature) config["temperature"] = *request.temperature;
  if (request.top_p) config["topP"] = *request.top_p;
  if (!request.stop.empty()) config["stopSequences"] = request.stop;
  return config;
}

std::optional<Error> reject_unsupported_parameters(const ChatRequest& request,
                                                   const TranslateTarget& target) {
  using canonical::ResponseFormat;
  if (request.n > 1) {
    if (auto error = reject_unsupported("n", target)) return error;
  }
  if (request.seed) {
    if (auto error = reject_unsupported("seed", target)) return error;
  }
  if (request.presence_penalty) {
    if (auto error = reject_unsupported("presence_penalty", target)) return error;
  }
  if (request.frequency_penalty) {
    if (auto error = reject_unsupported("frequency_penalty", target)) return error;
  }
  if (request.response_format.kind != ResponseFormat::Kind::text) {
    if (auto error = reject_unsupported("response_format", target)) return error;
  }
  if (request.parallel_tool_calls == false) {
    if (auto error = reject_unsupported("parallel_tool_calls", target)) return error;
  }
  for (const auto& extra : request.extra) {
    if (auto error = reject_unsupported(extra.name, target)) return error;
  }
  return std::nullopt;
}

}  // namespace

std::string image_format(std::string_view media_type) {
  if (iequals(media_type, "image/png")) return "png";
  if (iequals(media_type, "image/jpeg") || iequals(media_type, "image/jpg")) return "jpeg";
  if (iequals(media_type, "image/gif")) return "gif";
  if (iequals(media_type, "image/webp")) return "webp";
  return {};
}

Result<Json> build_converse_body(const ChatRequest& request, const TranslateTarget& target) {
  if (auto error = reject_unsupported_parameters(request, target)) return std::move(*error);
  Result<Json> messages = build_messages(request, target);
  if (!messages.ok()) return std::move(messages).error();
  Result<Json> tool_config = build_tool_config(request);
  if (!tool_config.ok()) return std::move(tool_config).error();

  Json body = Json::object();
  Json system = Json::array();
  for (const std::string& text : request.system) {
    if (!text.empty()) system.push_back(Json{{"text", text}});
  }
  if (!system.empty()) body["system"] = std::move(system);
  body["messages"] = std::move(*messages);
  body["inferenceConfig"] = inference_config(request, target);
  if (!tool_config->is_null()) body["toolConfig"] = std::move(*tool_config);
  if (request.top_k) body["additionalModelRequestFields"] = Json{{"top_k", *request.top_k}};
  return body;
}

}  // namespace llmgw::providers::bedrock
