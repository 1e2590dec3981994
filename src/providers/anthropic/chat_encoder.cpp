#include "providers/anthropic/chat_encoder.hpp"

#include <optional>
#include <string>

#include "providers/anthropic/headers.hpp"
#include "providers/anthropic/json_response_tool.hpp"
#include "providers/anthropic/message_encoder.hpp"
#include "providers/anthropic/request_encoder.hpp"
#include "providers/anthropic/wire_json.hpp"

namespace llmgw::providers::anthropic {
namespace {

using canonical::ChatRequest;
using canonical::ResponseFormat;
using canonical::ToolChoice;

constexpr std::int64_t kDefaultMaxTokens = 4096;

/// The first parameter the provider cannot honour, unless the model drops them.
std::optional<Error> check_unsupported(const ChatRequest& request, const TranslateTarget& target) {
  auto check = [&](bool set, std::string_view name) -> std::optional<Error> {
    return set ? reject_unsupported(name, target) : std::nullopt;
  };
  if (auto e = check(request.n > 1, "n")) return e;
  if (auto e = check(request.seed.has_value(), "seed")) return e;
  if (auto e = check(request.presence_penalty.has_value(), "presence_penalty")) return e;
  if (auto e = check(request.frequency_penalty.has_value(), "frequency_penalty")) return e;
  if (auto e = check(request.response_format.kind == ResponseFormat::Kind::json_object,
                     "response_format")) {
    return e;  // Anthropic has no free-form JSON mode
  }
  for (const auto& extra : request.extra) {
    if (auto e = reject_unsupported(extra.name, target)) return e;
  }
  return std::nullopt;
}

std::string joined_system(const std::vector<std::string>& texts) {
  std::string system;
  for (const std::string& text : texts) {
    if (text.empty()) continue;
    if (!system.empty()) system += "\n\n";
    system += text;
  }
  return system;
}

Result<Json> encode_tools(const ChatRequest& request, bool json_schema) {
  Json tools = Json::array();
  for (std::size_t i = 0; i < request.tools.size(); ++i) {
    const canonical::ToolDefinition& tool = request.tools[i];
    if (tool.name == kJsonResponseTool) {
      const std::string param = "tools[" + std::to_string(i) + "].function.name";
      return Error::invalid_request("Invalid '" + param + "': the tool name '" +
                                        std::string(kJsonResponseTool) +
                                        "' is reserved by the gateway.",
                                    param, "invalid_value");
    }
    Json out = Json::object();
    out["name"] = tool.name;
    if (!tool.description.empty()) out["description"] = tool.description;
    out["input_schema"] = tool.parameters.is_null() ? Json{{"type", "object"}} : tool.parameters;
    if (tool.strict) out["strict"] = true;
    tools.push_back(std::move(out));
  }
  if (json_schema) {
    const ResponseFormat& format = request.response_format;
    Json out = Json::object();
    out["name"] = kJsonResponseTool;
    out["description"] = format.description.empty() ? "Give the answer as JSON that matches the '" +
                                                          format.name + "' schema."
                                                    : format.description;
    out["input_schema"] = format.schema.is_null() ? Json{{"type", "object"}} : format.schema;
    tools.push_back(std::move(out));
  }
  return tools;
}

/// The tool_choice to send, or null for none. With a json_schema response the model must
/// either call a client tool or answer through the JSON tool, so a free choice becomes
/// "any", and "none" (no client tools) forces the JSON tool.
Json encode_tool_choice(const ChatRequest& request, bool json_schema) {
  const bool has_tools = !request.tools.empty() || json_schema;
  Json choice = Json::object();
  switch (request.tool_choice.mode) {
    case ToolChoice::Mode::unset:
    case ToolChoice::Mode::auto_:
      if (json_schema && request.tools.empty()) {
        choice = Json{{"type", "tool"}, {"name", kJsonResponseTool}};
      } else if (json_schema) {
        choice["type"] = "any";
      } else if (request.tool_choice.mode == ToolChoice::Mode::auto_) {
        choice["type"] = "auto";
      }
      break;
    case ToolChoice::Mode::none:
      if (json_schema) {
        choice = Json{{"type", "tool"}, {"name", kJsonResponseTool}};
      } else {
        choice["type"] = "none";
      }
      break;
    case ToolChoice::Mode::required: choice["type"] = "any"; break;
    case ToolChoice::Mode::named:
      choice = Json{{"type", "tool"}, {"name", request.tool_choice.name}};
      break;
  }
  const bool serial = request.parallel_tool_calls == false;
  if (serial && has_tools && (choice.empty() || choice["type"] != "none")) {
    if (choice.empty()) choice["type"] = "auto";
    choice["disable_parallel_tool_use"] = true;
  }
  return choice.empty() ? Json() : choice;
}

std::int64_t max_tokens(const ChatRequest& request, const config::ModelConfig& model) {
  if (request.max_tokens) return *request.max_tokens;
  return model.default_max_tokens > 0 ? model.default_max_tokens : kDefaultMaxTokens;
}

}  // namespace

Result<upstream::UpstreamRequest> encode_chat_request(const ChatRequest& request,
                                                      const TranslateTarget& target) {
  if (auto error = check_unsupported(request, target)) return std::move(*error);
  const bool json_schema = request.response_format.kind == ResponseFormat::Kind::json_schema;

  Json body = Json::object();
  body["model"] = target.deployment.upstream_model;
  body["max_tokens"] = max_tokens(request, target.model);
  std::string system = joined_system(request.system);
  if (!system.empty()) body["system"] = std::move(system);
  auto messages = encode_messages(request.messages);
  if (!messages.ok()) return std::move(messages).error();
  body["messages"] = std::move(messages).value();
  auto tools = encode_tools(request, json_schema);
  if (!tools.ok()) return std::move(tools).error();
  if (!tools->empty()) body["tools"] = std::move(tools).value();
  Json tool_choice = encode_tool_choice(request, json_schema);
  if (!tool_choice.is_null()) body["tool_choice"] = std::move(tool_choice);
  if (!request.stop.empty()) body["stop_sequences"] = request.stop;
  if (request.temperature) body["temperature"] = *request.temperature;
  if (request.top_p) body["top_p"] = *request.top_p;
  if (request.top_k) body["top_k"] = *request.top_k;
  if (!request.user.empty()) body["metadata"] = Json{{"user_id", request.user}};
  if (request.stream) body["stream"] = true;

  auto headers = build_headers(target.provider, target.client_headers, request.stream);
  if (!headers.ok()) return std::move(headers).error();
  upstream::UpstreamRequest out;
  out.target = target.provider.origin.base_path;
  out.target += endpoint_path(Endpoint::messages);
  out.headers = std::move(headers).value();
  out.body = dump_json(body);
  return out;
}

}  // namespace llmgw::providers::anthropic
