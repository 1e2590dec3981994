#include "dialects/anthropic/messages_request.hpp"

#include <functional>
#include <map>

#include "dialects/anthropic/message_content.hpp"
#include "dialects/anthropic/request_fields.hpp"
#include "json/top_level_scanner.hpp"

namespace llmgw::dialects::anthropic {
namespace {

using canonical::ChatRequest;

using FieldParser = std::optional<Error> (*)(const Json& value, ChatRequest& request);

std::optional<Error> parse_model(const Json& value, ChatRequest& request) {
  if (!value.is_string()) return wrong_type("model", "a string", value);
  request.model = value.get<std::string>();
  if (request.model.empty()) return Error::invalid_request("model: must not be empty.", "model");
  return std::nullopt;
}

std::optional<Error> parse_max_tokens(const Json& value, ChatRequest& request) {
  FieldReader read;
  auto max_tokens = read.integer_value(value, "max_tokens");
  if (read.error) return read.error;
  if (*max_tokens < 1) {
    return Error::invalid_request("max_tokens: must be greater than or equal to 1.", "max_tokens");
  }
  request.max_tokens = *max_tokens;
  return std::nullopt;
}

std::optional<Error> parse_messages(const Json& value, ChatRequest& request) {
  if (!value.is_array()) return wrong_type("messages", "an array", value);
  if (value.empty()) {
    return Error::invalid_request("messages: at least one message is required.", "messages");
  }
  MessageConverter converter;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (auto error = converter.append(value[i], i, request.messages)) return error;
  }
  return std::nullopt;
}

std::optional<Error> parse_system(const Json& value, ChatRequest& request) {
  if (value.is_string()) {
    if (!value.get_ref<const std::string&>().empty())
      request.system.push_back(value.get<std::string>());
    return std::nullopt;
  }
  if (!value.is_array()) return wrong_type("system", "a string or an array of text blocks", value);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string path = path_index("system", i);
    const Json& block = value[i];
    if (!block.is_object()) return wrong_type(path, "an object", block);
    FieldReader read;
    auto type = read.required_string(block, "type", path);
    if (read.error) return read.error;
    if (*type != "text") {
      return Error::invalid_request(path + ".type: system blocks must be of type 'text'.",
                                    path + ".type");
    }
    // cache_control is a prompt-caching hint for Anthropic only; other providers cache on
    // their own, so it is ignored.
    auto text = read.required_string(block, "text", path);
    if (read.error) return read.error;
    request.system.push_back(std::move(*text));
  }
  return std::nullopt;
}

std::optional<Error> parse_tool(const Json& tool, const std::string& path, ChatRequest& request) {
  if (!tool.is_object()) return wrong_type(path, "an object", tool);
  FieldReader read;
  auto type = read.string(tool, "type", path);
  if (read.error) return read.error;
  if (type && *type != "custom") {
    // Server tools (web_search_*, bash_*, code_execution_*, ...) run inside Anthropic.
    return Error::invalid_request(path + ".type: server tool '" + excerpt(*type) +
                                      "' runs only on Anthropic and is not supported through "
                                      "translation.",
                                  path + ".type");
  }
  canonical::ToolDefinition definition;
  auto name = read.required_string(tool, "name", path);
  if (read.error) return read.error;
  auto description = read.string(tool, "description", path);
  if (read.error) return read.error;
  auto strict = read.boolean(tool, "strict", path);
  if (read.error) return read.error;
  const Json* schema = member(tool, "input_schema");
  if (schema == nullptr) return missing_field(path_key(path, "input_schema"));
  if (!schema->is_object()) return wrong_type(path_key(path, "input_schema"), "an object", *schema);
  definition.name = std::move(*name);
  definition.description = description.value_or("");
  definition.parameters = *schema;
  definition.strict = strict.value_or(false);
  request.tools.push_back(std::move(definition));
  return std::nullopt;
}

std::optional<Error> parse_tools(const Json& value, ChatRequest& request) {
  if (!value.is_array()) return wrong_type("tools", "an array", value);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (auto error = parse_tool(value[i], path_index("tools", i), request)) return error;
  }
  return std::nullopt;
}

std::optional<Error> parse_tool_choice(const Json& value, ChatRequest& request) {
  if (!value.is_object()) return wrong_type("tool_choice", "an object", value);
  FieldReader read;
  auto type = read.required_string(value, "type", "tool_choice");
  if (read.error) return read.error;
  auto& choice = request.tool_choice;
  if (*type == "auto") {
    choice.mode = canonical::ToolChoice::Mode::auto_;
  } else if (*type == "any") {
    choice.mode = canonical::ToolChoice::Mode::required;
  } else if (*type == "none") {
    choice.mode = canonical::ToolChoice::Mode::none;
  } else if (*type == "tool") {
    auto name = read.required_string(value, "name", "tool_choice");
    if (read.error) return read.error;
    choice.mode = canonical::ToolChoice::Mode::named;
    choice.name = std::move(*name);
  } else {
    return Error::invalid_request(
        "tool_choice.type: expected 'auto', 'any', 'tool' or 'none', got '" + excerpt(*type) + "'.",
        "tool_choice.type");
  }
  auto disable_parallel = read.boolean(value, "disable_parallel_tool_use", "tool_choice");
  if (read.error) return read.error;
  if (disable_parallel.value_or(false)) request.parallel_tool_calls = false;
  return std::nullopt;
}

std::optional<Error> parse_stop_sequences(const Json& value, ChatRequest& request) {
  if (!value.is_array()) return wrong_type("stop_sequences", "an array of strings", value);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string())
      return wrong_type(path_index("stop_sequences", i), "a string", value[i]);
    request.stop.push_back(value[i].get<std::string>());
  }
  return std::nullopt;
}

std::optional<Error> parse_temperature(const Json& value, ChatRequest& request) {
  if (!value.is_number()) return wrong_type("temperature", "a number", value);
  request.temperature = value.get<double>();
  return std::nullopt;
}

std::optional<Error> parse_top_p(const Json& value, ChatRequest& request) {
  if (!value.is_number()) return wrong_type("top_p", "a number", value);
  request.top_p = value.get<double>();
  return std::nullopt;
}

std::optional<Error> parse_top_k(const Json& value, ChatRequest& request) {
  FieldReader read;
  request.top_k = read.integer_value(value, "top_k");
  return read.error;
}

std::optional<Error> parse_stream(const Json& value, ChatRequest& request) {
  if (!value.is_boolean()) return wrong_type("stream", "a boolean", value);
  request.stream = value.get<bool>();
  return std::nullopt;
}

std::optional<Error> parse_metadata(const Json& value, ChatRequest& request) {
  if (!value.is_object()) return wrong_type("metadata", "an object", value);
  for (const auto& [key, item] : value.items()) {
    if (key != "user_id") {
      // Anthropic itself rejects unknown metadata keys; doing the same keeps clients honest
      // about what reaches the provider.
      return Error::invalid_request("metadata." + excerpt(key) + ": Extra inputs are not permitted",
                                    "metadata." + excerpt(key));
    }
    if (item.is_null()) continue;
    if (!item.is_string()) return wrong_type("metadata.user_id", "a string", item);
    request.user = item.get<std::string>();
  }
  return std::nullopt;
}

std::optional<Error> parse_thinking(const Json& value, ChatRequest& request) {
  // {"type":"disabled"} asks for nothing a provider would have to honour.
  if (value.is_object() && value.value("type", Json()) == "disabled") return std::nullopt;
  request.extra.push_back({"thinking", value});
  return std::nullopt;
}

std::optional<Error> ignore(const Json& /*value*/, ChatRequest& /*request*/) {
  return std::nullopt;
}

const std::map<std::string, FieldParser, std::less<>>& field_parsers() {
  static const std::map<std::string, FieldParser, std::less<>> parsers = {
      {"model", parse_model},
      {"max_tokens", parse_max_tokens},
      {"messages", parse_messages},
      {"system", parse_system},
      {"tools", parse_tools},
      {"tool_choice", parse_tool_choice},
      {"stop_sequences", parse_stop_sequences},
      {"temperature", parse_temperature},
      {"top_p", parse_top_p},
      {"top_k", parse_top_k},
      {"stream", parse_stream},
      {"metadata", parse_metadata},
      {"thinking", parse_thinking},
      // Top-level automatic prompt caching: a hint Anthropic alone understands.
      {"cache_control", ignore},
  };
  return parsers;
}

Result<Json> parse_body(std::string_view body) {
  // The scanner caps nesting, which keeps the recursive dump/copy of tool inputs and
  // schemas below safe on hostile bodies, and agrees with nlohmann on what is valid JSON.
  json::TopLevelObject object;
  const json::ScanResult scan = json::scan_top_level(body, object);
  if (scan.status == json::ScanStatus::not_an_object) {
    return Error::invalid_request("Request body must be a JSON object.");
  }
  if (scan.status == json::ScanStatus::too_deep) {
    return Error::invalid_request("Request body nests deeper than " +
                                  std::to_string(json::kMaxDepth) + " levels.");
  }
  if (!scan.ok()) {
    return Error::invalid_request("Request body is not valid JSON (" + std::string(scan.reason) +
                                  " at byte " + std::to_string(scan.offset) + ").");
  }
  Json parsed = Json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    return Error::invalid_request("Request body is not valid JSON (a number is out of range).");
  }
  return parsed;
}

}  // namespace

Result<canonical::ChatRequest> parse_messages_request(std::string_view body) {
  auto parsed = parse_body(body);
  if (!parsed.ok()) return std::move(parsed).error();
  const Json& root = parsed.value();

  ChatRequest request;
  for (const auto& [key, value] : root.items()) {
    if (value.is_null()) continue;  // an explicit null is an absent optional field
    const auto& parsers = field_parsers();
    if (auto parser = parsers.find(key); parser != parsers.end()) {
      if (auto error = parser->second(value, request)) return *error;
      continue;
    }
    // service_tier, container, mcp_servers, output_config, and whatever Anthropic adds
    // next: the provider adapter decides (reject_unsupported or its own mapping).
    request.extra.push_back({key, value});
  }
  if (request.model.empty()) return missing_field("model");
  if (!request.max_tokens) return missing_field("max_tokens");
  if (request.messages.empty()) return missing_field("messages");
  // Anthropic streams always report usage, so the translated upstream must be asked for it.
  request.include_usage = request.stream;
  return request;
}

}  // namespace llmgw::dialects::anthropic
