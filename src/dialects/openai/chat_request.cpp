#include "dialects/openai/chat_request.hpp"

#include <array>
#include <string>

#include "dialects/openai/chat_messages.hpp"
#include "dialects/openai/json_fields.hpp"
#include "json/top_level_scanner.hpp"

namespace llmgw::dialects::openai {
namespace {

using canonical::ChatRequest;

// Metadata that changes nothing about the answer: dropped without a word.
constexpr std::array<std::string_view, 6> kHarmlessMetadata = {"store",
                                                               "metadata",
                                                               "service_tier",
                                                               "safety_identifier",
                                                               "prompt_cache_key",
                                                               "prompt_cache_retention"};

bool is_harmless(std::string_view key) {
  for (std::string_view harmless : kHarmlessMetadata) {
    if (key == harmless) return true;
  }
  return false;
}

std::optional<Error> parse_tool(const Json& tool, const std::string& path, ChatRequest& request) {
  if (!tool.is_object()) return invalid_type(path, "an object", tool);
  std::string type;
  const Json* type_value = member(tool, "type");
  if (type_value == nullptr) return invalid_value(child_path(path, "type"), "required.");
  if (auto e = read_string(*type_value, child_path(path, "type"), type)) return e;
  if (type != "function") {
    return Error::invalid_request("Tool type '" + type + "' at '" + child_path(path, "type") +
                                      "' is not supported through translation; only 'function' "
                                      "tools are.",
                                  child_path(path, "type"), "unsupported_tool");
  }
  const std::string function_path = child_path(path, "function");
  const Json* function = member(tool, "function");
  if (function == nullptr) return invalid_value(function_path, "required.");
  if (!function->is_object()) return invalid_type(function_path, "an object", *function);
  canonical::ToolDefinition definition;
  const Json* name = member(*function, "name");
  if (name == nullptr) return invalid_value(child_path(function_path, "name"), "required.");
  if (auto e = read_string(*name, child_path(function_path, "name"), definition.name)) return e;
  if (const Json* description = member(*function, "description")) {
    if (auto e = read_string(*description, child_path(function_path, "description"),
                             definition.description)) {
      return e;
    }
  }
  if (const Json* parameters = member(*function, "parameters")) {
    if (!parameters->is_object()) {
      return invalid_type(child_path(function_path, "parameters"), "an object", *parameters);
    }
    definition.parameters = *parameters;
  }
  if (const Json* strict = member(*function, "strict")) {
    if (auto e = read_bool(*strict, child_path(function_path, "strict"), definition.strict)) {
      return e;
    }
  }
  request.tools.push_back(std::move(definition));
  return std::nullopt;
}

std::optional<Error> parse_tools(const Json& tools, ChatRequest& request) {
  if (!tools.is_array()) return invalid_type("tools", "an array", tools);
  for (std::size_t i = 0; i < tools.size(); ++i) {
    if (auto e = parse_tool(tools[i], index_path("tools", i), request)) return e;
  }
  return std::nullopt;
}

std::optional<Error> parse_tool_choice(const Json& choice, canonical::ToolChoice& out) {
  using Mode = canonical::ToolChoice::Mode;
  if (choice.is_string()) {
    const auto& mode = choice.get_ref<const std::string&>();
    if (mode == "auto") {
      out.mode = Mode::auto_;
    } else if (mode == "none") {
      out.mode = Mode::none;
    } else if (mode == "required") {
      out.mode = Mode::required;
    } else {
      return invalid_value("tool_choice", "expected 'none', 'auto', 'required' or an object.");
    }
    return std::nullopt;
  }
  if (!choice.is_object()) return invalid_type("tool_choice", "a string or an object", choice);
  std::string type;
  const Json* type_value = member(choice, "type");
  if (type_value == nullptr) return invalid_value("tool_choice.type", "required.");
  if (auto e = read_string(*type_value, "tool_choice.type", type)) return e;
  if (type != "function") {
    return Error::invalid_request("tool_choice type '" + type +
                                      "' is not supported through translation; only 'function' "
                                      "is.",
                                  "tool_choice.type", "unsupported_tool");
  }
  const Json* function = member(choice, "function");
  if (function == nullptr) return invalid_value("tool_choice.function", "required.");
  if (!function->is_object()) return invalid_type("tool_choice.function", "an object", *function);
  const Json* name = member(*function, "name");
  if (name == nullptr) return invalid_value("tool_choice.function.name", "required.");
  if (auto e = read_string(*name, "tool_choice.function.name", out.name)) return e;
  out.mode = Mode::named;
  return std::nullopt;
}

std::optional<Error> parse_response_format(const Json& format, canonical::ResponseFormat& out) {
  using Kind = canonical::ResponseFormat::Kind;
  if (!format.is_object()) return invalid_type("response_format", "an object", format);
  std::string type;
  const Json* type_value = member(format, "type");
  if (type_value == nullptr) return invalid_value("response_format.type", "required.");
  if (auto e = read_string(*type_value, "response_format.type", type)) return e;
  if (type == "text") {
    out.kind = Kind::text;
    return std::nullopt;
  }
  if (type == "json_object") {
    out.kind = Kind::json_object;
    return std::nullopt;
  }
  if (type != "json_schema") {
    return invalid_value("response_format.type",
                         "expected 'text', 'json_object' or 'json_schema'.");
  }
  out.kind = Kind::json_schema;
  const Json* schema = member(format, "json_schema");
  if (schema == nullptr) return invalid_value("response_format.json_schema", "required.");
  if (!schema->is_object())
    return invalid_type("response_format.json_schema", "an object", *schema);
  const Json* name = member(*schema, "name");
  if (name == nullptr) return invalid_value("response_format.json_schema.name", "required.");
  if (auto e = read_string(*name, "response_format.json_schema.name", out.name)) return e;
  if (const Json* description = member(*schema, "description")) {
    if (auto e =
            read_string(*description, "response_format.json_schema.description", out.description)) {
      return e;
    }
  }
  if (const Json* body = member(*schema, "schema")) {
    if (!body->is_object()) {
      return invalid_type("response_format.json_schema.schema", "an object", *body);
    }
    out.schema = *body;
  }
  if (const Json* strict = member(*schema, "strict")) {
    if (auto e = read_bool(*strict, "response_format.json_schema.strict", out.strict)) return e;
  }
  return std::nullopt;
}

std::optional<Error> parse_stop(const Json& stop, std::vector<std::string>& out) {
  if (stop.is_string()) {
    out.push_back(stop.get<std::string>());
    return std::nullopt;
  }
  if (!stop.is_array()) return invalid_type("stop", "a string or an array of strings", stop);
  for (std::size_t i = 0; i < stop.size(); ++i) {
    std::string sequence;
    if (auto e = read_string(stop[i], index_path("stop", i), sequence)) return e;
    out.push_back(std::move(sequence));
  }
  return std::nullopt;
}

std::optional<Error> parse_stream_options(const Json& options, ChatRequest& request) {
  if (!options.is_object()) return invalid_type("stream_options", "an object", options);
  // Only include_usage matters: the gateway writes the client's stream itself, so the other
  // options (include_obfuscation, ...) shape nothing a provider sees.
  if (const Json* include_usage = member(options, "include_usage")) {
    return read_bool(*include_usage, "stream_options.include_usage", request.include_usage);
  }
  return std::nullopt;
}

std::optional<Error> non_negative(std::string_view path, std::int64_t value) {
  if (value < 0) return invalid_value(path, "expected a value >= 0.");
  return std::nullopt;
}

template <class T>
std::optional<Error> read_optional_int(const Json& value, std::string_view path,
                                       std::optional<T>& out) {
  std::int64_t number = 0;
  if (auto e = read_int(value, path, number)) return e;
  out = number;
  return std::nullopt;
}

std::optional<Error> read_optional_number(const Json& value, std::string_view path,
                                          std::optional<double>& out) {
  double number = 0;
  if (auto e = read_number(value, path, number)) return e;
  out = number;
  return std::nullopt;
}

std::optional<Error> parse_parameter(const std::string& key, const Json& value,
                                     ChatRequest& request) {
  if (key == "model") return read_string(value, key, request.model);
  if (key == "messages") return parse_messages(value, request);
  if (key == "tools") return parse_tools(value, request);
  if (key == "tool_choice") return parse_tool_choice(value, request.tool_choice);
  if (key == "parallel_tool_calls") {
    bool parallel = true;
    if (auto e = read_bool(value, key, parallel)) return e;
    request.parallel_tool_calls = parallel;
    return std::nullopt;
  }
  if (key == "max_completion_tokens" || key == "max_tokens") {
    std::optional<std::int64_t> tokens;
    if (auto e = read_optional_int(value, key, tokens)) return e;
    if (auto e = non_negative(key, *tokens)) return e;
    // max_completion_tokens replaced max_tokens: it wins whatever the member order.
    if (key == "max_completion_tokens" || !request.max_tokens) request.max_tokens = tokens;
    return std::nullopt;
  }
  if (key == "temperature") return read_optional_number(value, key, request.temperature);
  if (key == "top_p") return read_optional_number(value, key, request.top_p);
  if (key == "top_k") return read_optional_int(value, key, request.top_k);
  if (key == "presence_penalty") return read_optional_number(value, key, request.presence_penalty);
  if (key == "frequency_penalty") {
    return read_optional_number(value, key, request.frequency_penalty);
  }
  if (key == "seed") return read_optional_int(value, key, request.seed);
  if (key == "stop") return parse_stop(value, request.stop);
  if (key == "response_format") return parse_response_format(value, request.response_format);
  if (key == "n") {
    if (auto e = read_int(value, key, request.n)) return e;
    if (request.n < 1) return invalid_value(key, "expected a value >= 1.");
    return std::nullopt;
  }
  if (key == "stream") return read_bool(value, key, request.stream);
  if (key == "stream_options") return parse_stream_options(value, request);
  if (key == "user") return read_string(value, key, request.user);
  if (key == "logprobs" && value.is_boolean() && !value.get<bool>()) return std::nullopt;
  if (is_harmless(key)) return std::nullopt;
  // logprobs, top_logprobs, logit_bias, audio, modalities, prediction, reasoning_effort,
  // functions, ... and keys unknown to us: the adapter decides (400 or drop).
  request.extra.push_back({key, value});
  return std::nullopt;
}

}  // namespace

Result<ChatRequest> parse_chat_request(std::string_view body) {
  // The validator bounds nesting before the DOM is built: copying or destroying a DOM is
  // recursive, and this function must be safe on any bytes.
  const json::ScanResult scan = json::validate(body);
  if (!scan.ok()) {
    return Error::invalid_request("The request body is not valid JSON (" +
                                      std::string(scan.reason) + " at byte " +
                                      std::to_string(scan.offset) + ").",
                                  {}, "invalid_json");
  }
  const Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return Error::invalid_request("The request body is not valid JSON.", {}, "invalid_json");
  }
  if (!json.is_object()) {
    return Error::invalid_request("The request body must be a JSON object.", {}, "invalid_json");
  }
  ChatRequest request;
  for (const auto& [key, value] : json.items()) {
    if (value.is_null()) continue;
    if (auto e = parse_parameter(key, value, request)) return *e;
  }
  if (member(json, "model") == nullptr) return invalid_value("model", "required.");
  if (member(json, "messages") == nullptr) return invalid_value("messages", "required.");
  return request;
}

}  // namespace llmgw::dialects::openai
