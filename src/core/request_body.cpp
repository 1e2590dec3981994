#include "llmgw/core/request_body.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "json/json_string.hpp"
#include "json/top_level_scanner.hpp"

namespace llmgw {
namespace {

constexpr std::string_view kParsePrefix = "We could not parse the JSON body of your request: ";
/// 1-based line and column of byte `offset`, counted like nlohmann does (lines end at '\n';
/// the end of input is one column past the last byte).
std::pair<std::size_t, std::size_t> line_and_column(std::string_view raw, std::size_t offset) {
  offset = std::min(offset, raw.size());
  const std::string_view before = raw.substr(0, offset);
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t last_newline = before.rfind('\n');
  const std::size_t line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  return {line, offset - line_start + 1};
}

Error malformed_json(std::string_view raw, const json::ScanResult& scan) {
  const auto [line, column] = line_and_column(raw, scan.offset);
  std::string message(kParsePrefix);
  message.append("syntax error at line ").append(std::to_string(line));
  message.append(", column ").append(std::to_string(column)).append(": ").append(scan.reason);
  return Error::invalid_request(std::move(message), {}, "invalid_json");
}

Error invalid_type(std::string_view param, std::string_view expected, json::ValueType got) {
  std::string message = "Invalid type for '" + std::string(param) + "': expected " +
                        std::string(expected) + ", but got " + std::string(json::describe(got)) +
                        " instead.";
  return Error::invalid_request(std::move(message), std::string(param), "invalid_type");
}

Error missing(std::string_view param) {
  return Error::invalid_request("Missing required parameter: '" + std::string(param) + "'.",
                                std::string(param), "missing_required_parameter");
}

bool is_empty_container(std::string_view value) {
  return json::skip_whitespace(value, 1) + 1 == value.size();
}

std::optional<Error> check_duplicates(const json::TopLevelObject& object) {
  // A second "model" could be read by the upstream while the gateway authorises the
  // first: refuse the ambiguity for every field the gateway acts on.
  for (std::string_view key : {"model", "stream", "stream_options"}) {
    if (object.count(key) > 1) {
      return Error::invalid_request(
          "Duplicate parameter '" + std::string(key) + "' in the request body.", std::string(key),
          "duplicate_parameter");
    }
  }
  return std::nullopt;
}

std::optional<Error> read_model(const json::TopLevelObject& object, RequestBody& body) {
  const json::Member* model = object.find("model");
  if (model == nullptr || model->type == json::ValueType::null) {
    return Error::invalid_request("you must provide a model parameter", "model",
                                  "missing_required_parameter");
  }
  if (model->type != json::ValueType::string) return invalid_type("model", "a string", model->type);
  if (!json::decode_string(model->value(body.raw), body.model)) {
    return Error::invalid_request("Invalid 'model': not a valid string.", "model", "invalid_value");
  }
  if (body.model.empty()) {
    return Error::invalid_request(
        "Invalid 'model': empty string. Expected a string with minimum length 1, but got an "
        "empty string instead.",
        "model", "empty_string");
  }
  body.model_value = {model->value_begin, model->value_end};
  return std::nullopt;
}

std::optional<Error> read_stream(const json::TopLevelObject& object, RequestBody& body) {
  if (const json::Member* stream = object.find("stream")) {
    if (stream->type == json::ValueType::boolean) {
      body.stream = body.raw[stream->value_begin] == 't';
    } else if (stream->type != json::ValueType::null) {
      return invalid_type("stream", "a boolean", stream->type);
    }
  }
  const json::Member* options = object.find("stream_options");
  if (options == nullptr) return std::nullopt;
  body.stream_options_member = {options->key_begin, options->value_end};
  if (options->type == json::ValueType::null) return std::nullopt;
  if (options->type != json::ValueType::object) {
    return invalid_type("stream_options", "an object", options->type);
  }
  json::TopLevelObject inner;
  std::string_view value = options->value(body.raw);
  if (!json::scan_top_level(value, inner).ok()) {
    return Error::invalid_request("Invalid 'stream_options'.", "stream_options", "invalid_value");
  }
  if (const json::Member* include = inner.find("include_usage")) {
    if (include->type == json::ValueType::boolean) {
      body.include_usage = value[include->value_begin] == 't';
    } else if (include->type != json::ValueType::null) {
      return invalid_type("stream_options.include_usage", "a boolean", include->type);
    }
  }
  return std::nullopt;
}

std::optional<Error> read_endpoint_fields(Endpoint endpoint, const json::TopLevelObject& object,
                                          std::string_view raw) {
  switch (endpoint) {
    case Endpoint::chat_completions: {
      const json::Member* messages = object.find("messages");
      if (messages == nullptr) return missing("messages");
      if (messages->type != json::ValueType::array) {
        return invalid_type("messages", "an array", messages->type);
      }
      if (is_empty_container(messages->value(raw))) {
        return Error::invalid_request(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got "
            "an empty array instead.",
            "messages", "empty_array");
      }
      return std::nullopt;
    }
    case Endpoint::messages:
    case Endpoint::count_tokens: {
      // Anthropic allows an empty array to fail upstream; only the type is the gateway's
      // business (it routes on `model` and translates `messages`).
      const json::Member* messages = object.find("messages");
      if (messages == nullptr) return missing("messages");
      if (messages->type != json::ValueType::array) {
        return invalid_type("messages", "an array", messages->type);
      }
      return std::nullopt;
    }
    case Endpoint::completions:
    case Endpoint::embeddings: {
      const std::string_view name = endpoint == Endpoint::completions ? "prompt" : "input";
      const json::Member* member = object.find(name);
      if (member == nullptr) return missing(name);
      if (member->type != json::ValueType::string && member->type != json::ValueType::array) {
        return invalid_type(name, "a string or an array", member->type);
      }
      return std::nullopt;
    }
    case Endpoint::models_list:
    case Endpoint::model_get: return std::nullopt;  // No body; never parsed.
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Endpoint endpoint) noexcept {
  switch (endpoint) {
    case Endpoint::chat_completions: return "chat_completions";
    case Endpoint::completions: return "completions";
    case Endpoint::embeddings: return "embeddings";
    case Endpoint::messages: return "messages";
    case Endpoint::count_tokens: return "count_tokens";
    case Endpoint::models_list: return "models_list";
    case Endpoint::model_get: return "model_get";
  }
  return "unknown";
}

Result<RequestBody> parse_request_body(Endpoint endpoint, std::string raw) {
  // The scanner is a complete validator (RFC 8259, strict UTF-8, bounded depth; fuzzed
  // against nlohmann) at ~10x nlohmann's speed, so one pass both validates and locates the
  // members. It is stricter than nlohmann in one way that matters: a NUL byte is not an end
  // of input, so "{...}\0{...}" cannot smuggle a second body past the gateway.
  RequestBody body;
  body.raw = std::move(raw);
  json::TopLevelObject object;
  const json::ScanResult scan = json::scan_top_level(body.raw, object);
  if (scan.status == json::ScanStatus::not_an_object) {
    return Error::invalid_request("The request body must be a JSON object.", {}, "invalid_type");
  }
  if (scan.status == json::ScanStatus::too_deep) {
    std::string message(kParsePrefix);
    message.append("nesting deeper than ").append(std::to_string(json::kMaxDepth));
    message.append(" levels.");
    return Error::invalid_request(std::move(message), {}, "invalid_json");
  }
  if (!scan.ok()) return malformed_json(body.raw, scan);
  body.object_open = object.open;

  if (auto error = check_duplicates(object)) return std::move(*error);
  if (auto error = read_model(object, body)) return std::move(*error);
  if (auto error = read_stream(object, body)) return std::move(*error);
  if (auto error = read_endpoint_fields(endpoint, object, body.raw)) return std::move(*error);
  return body;
}

}  // namespace llmgw
