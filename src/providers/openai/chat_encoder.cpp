#include "providers/openai/chat_encoder.hpp"

#include <utility>

namespace llmgw::providers::openai {
namespace {

using canonical::ContentPart;
using canonical::Json;
using canonical::Message;

std::string join_texts(const std::vector<std::string>& texts) {
  std::string joined;
  for (const std::string& text : texts) {
    if (!joined.empty()) joined += "\n\n";
    joined += text;
  }
  return joined;
}

std::string image_url(const canonical::Image& image) {
  if (!image.url.empty()) return image.url;
  return "data:" + image.media_type + ";base64," + image.data;
}

Json image_part(const canonical::Image& image) {
  Json url = {{"url", image_url(image)}};
  if (!image.detail.empty()) url["detail"] = image.detail;
  return {{"type", "image_url"}, {"image_url", std::move(url)}};
}

bool has_images(const std::vector<ContentPart>& parts) {
  for (const ContentPart& part : parts) {
    if (part.kind == ContentPart::Kind::image) return true;
  }
  return false;
}

/// One text part as a plain string (what every compatible server understands); several
/// parts or images as an array of parts, keeping the boundaries the client drew.
Json user_content(const std::vector<ContentPart>& parts) {
  if (parts.empty()) return "";
  if (parts.size() == 1 && parts.front().kind == ContentPart::Kind::text) return parts[0].text;
  Json array = Json::array();
  for (const ContentPart& part : parts) {
    if (part.kind == ContentPart::Kind::image) {
      array.push_back(image_part(part.image));
    } else {
      array.push_back({{"type", "text"}, {"text", part.text}});
    }
  }
  return array;
}

/// Text only (assistant and tool messages take no images on chat/completions), joined.
std::string text_of(const std::vector<ContentPart>& parts) {
  std::string text;
  for (const ContentPart& part : parts) {
    if (part.kind == ContentPart::Kind::text) text += part.text;
  }
  return text;
}

std::string where(std::size_t index) {
  return "messages[" + std::to_string(index) + "]";
}

Result<Json> encode_message(const Message& message, std::size_t index,
                            const TranslateTarget& target) {
  Json out;
  switch (message.role) {
    case canonical::Role::user:
      out["role"] = "user";
      out["content"] = user_content(message.content);
      break;
    case canonical::Role::assistant: {
      if (has_images(message.content)) {
        if (auto e = reject_unsupported(where(index) + ".content (image)", target)) return *e;
      }
      out["role"] = "assistant";
      std::string text = text_of(message.content);
      // OpenAI's own history shape: content null next to tool_calls, never an empty string.
      if (text.empty() && !message.tool_calls.empty()) {
        out["content"] = nullptr;
      } else {
        out["content"] = std::move(text);
      }
      // Reasoning in history is not sent back: OpenAI has no field for it and DeepSeek
      // rejects reasoning_content in requests.
      if (!message.tool_calls.empty()) {
        Json calls = Json::array();
        for (const canonical::ToolCall& call : message.tool_calls) {
          calls.push_back({{"id", call.id},
                           {"type", "function"},
                           {"function", {{"name", call.name}, {"arguments", call.arguments}}}});
        }
        out["tool_calls"] = std::move(calls);
      }
      break;
    }
    case canonical::Role::tool:
      if (has_images(message.content)) {
        if (auto e = reject_unsupported(where(index) + ".content (image)", target)) return *e;
      }
      out["role"] = "tool";
      out["tool_call_id"] = message.tool_call_id;
      out["content"] = text_of(message.content);
      break;
  }
  if (!message.name.empty() && message.role != canonical::Role::tool) out["name"] = message.name;
  return out;
}

Json encode_tool(const canonical::ToolDefinition& tool) {
  Json function = {{"name", tool.name}};
  if (!tool.description.empty()) function["description"] = tool.description;
  if (!tool.parameters.is_null()) function["parameters"] = tool.parameters;
  if (tool.strict) function["strict"] = true;
  return {{"type", "function"}, {"function", std::move(function)}};
}

void encode_tool_choice(const canonical::ToolChoice& choice, Json& body) {
  using Mode = canonical::ToolChoice::Mode;
  switch (choice.mode) {
    case Mode::unset: return;
    case Mode::auto_: body["tool_choice"] = "auto"; return;
    case Mode::none: body["tool_choice"] = "none"; return;
    case Mode::required: body["tool_choice"] = "required"; return;
    case Mode::named:
      body["tool_choice"] = {{"type", "function"}, {"function", {{"name", choice.name}}}};
      return;
  }
}

void encode_response_format(const canonical::ResponseFormat& format, Json& body) {
  using Kind = canonical::ResponseFormat::Kind;
  if (format.kind == Kind::json_object) {
    body["response_format"] = {{"type", "json_object"}};
  } else if (format.kind == Kind::json_schema) {
    Json schema = {{"name", format.name}};
    if (!format.description.empty()) schema["description"] = format.description;
    if (!format.schema.is_null()) schema["schema"] = format.schema;
    if (format.strict) schema["strict"] = true;
    body["response_format"] = {{"type", "json_schema"}, {"json_schema", std::move(schema)}};
  }
}

/// Sampling and limit parameters; the kind decides the two that differ (see the header).
std::optional<Error> encode_parameters(const canonical::ChatRequest& request,
                                       const TranslateTarget& target, Json& body) {
  const bool compatible = target.provider.kind == config::ProviderKind::openai_compatible;
  if (request.max_tokens) {
    body[compatible ? "max_tokens" : "max_completion_tokens"] = *request.max_tokens;
  }
  if (request.temperature) body["temperature"] = *request.temperature;
  if (request.top_p) body["top_p"] = *request.top_p;
  if (request.top_k) {
    if (compatible) {
      body["top_k"] = *request.top_k;
    } else if (auto e = reject_unsupported("top_k", target)) {
      return e;
    }
  }
  if (request.n != 1) body["n"] = request.n;
  if (!request.stop.empty()) body["stop"] = request.stop;
  if (request.seed) body["seed"] = *request.seed;
  if (request.presence_penalty) body["presence_penalty"] = *request.presence_penalty;
  if (request.frequency_penalty) body["frequency_penalty"] = *request.frequency_penalty;
  encode_response_format(request.response_format, body);
  if (!request.user.empty()) body["user"] = request.user;
  return std::nullopt;
}

}  // namespace

Result<std::string> encode_chat_body(const canonical::ChatRequest& request,
                                     const TranslateTarget& target) {
  Json body = Json::object();
  body["model"] = target.deployment.upstream_model;
  Json messages = Json::array();
  if (!request.system.empty()) {
    messages.push_back({{"role", "system"}, {"content", join_texts(request.system)}});
  }
  for (std::size_t i = 0; i < request.messages.size(); ++i) {
    auto message = encode_message(request.messages[i], i, target);
    if (!message.ok()) return std::move(message).error();
    messages.push_back(std::move(message).value());
  }
  body["messages"] = std::move(messages);
  if (!request.tools.empty()) {
    Json tools = Json::array();
    for (const auto& tool : request.tools) tools.push_back(encode_tool(tool));
    body["tools"] = std::move(tools);
  }
  encode_tool_choice(request.tool_choice, body);
  if (request.parallel_tool_calls) body["parallel_tool_calls"] = *request.parallel_tool_calls;
  if (auto error = encode_parameters(request, target, body)) return std::move(*error);
  if (request.stream) {
    body["stream"] = true;
    // The gateway meters every request, so it asks for usage whatever the client wants;
    // the client's encoder decides whether the client sees it.
    if (target.provider.stream_usage) body["stream_options"] = {{"include_usage", true}};
  }
  for (const canonical::ExtraParameter& extra : request.extra) {
    if (!body.contains(extra.name)) body[extra.name] = extra.value;
  }
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<upstream::UpstreamRequest> encode_chat_request(const canonical::ChatRequest& request,
                                                      const TranslateTarget& target,
                                                      UpstreamRoute route) {
  auto body = encode_chat_body(request, target);
  if (!body.ok()) return std::move(body).error();
  auto headers = build_headers(target.provider, target.client_headers, request.stream, route.auth);
  if (!headers.ok()) return std::move(headers).error();
  upstream::UpstreamRequest encoded;
  encoded.target = std::move(route.target);
  encoded.headers = std::move(headers).value();
  encoded.body = std::move(body).value();
  return encoded;
}

}  // namespace llmgw::providers::openai
