#include "providers/openai/error_mapper.hpp"
#include "providers/error_support.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "json/json_string.hpp"
#include "json/top_level_scanner.hpp"

namespace llmgw::providers::openai {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxMessageBytes = 512;
constexpr std::size_t kMaxFieldBytes = 128;
constexpr std::size_t kMaxParsedBytes = 1024 * 1024;  // error bodies are small; refuse to DOM more

std::string bounded(std::string_view text, std::size_t max_bytes) {
  return std::string(json::utf8_prefix(text, max_bytes));
}

std::string as_text(const Json& value, std::size_t max_bytes) {
  if (value.is_string()) return bounded(value.get_ref<const std::string&>(), max_bytes);
  if (value.is_null()) return {};
  // FastAPI/Mistral 422s put a list of validation problems where the message goes.
  return bounded(value.dump(-1, ' ', false, Json::error_handler_t::replace), max_bytes);
}

std::string string_field(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? as_text(*it, kMaxFieldBytes) : std::string();
}

ErrorFields fields_from(const Json& error) {
  ErrorFields fields;
  if (auto it = error.find("message"); it != error.end()) {
    fields.message = as_text(*it, kMaxMessageBytes);
  }
  fields.type = string_field(error, "type");
  fields.param = string_field(error, "param");
  if (auto it = error.find("code"); it != error.end()) {
    if (it->is_string()) {
      fields.code = as_text(*it, kMaxFieldBytes);
    } else if (it->is_number_integer()) {
      const auto value = it->get<std::int64_t>();
      if (value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max()) {
        fields.numeric_code = static_cast<int>(value);
      }
      fields.code = std::to_string(value);
    }
  }
  // Google puts the HTTP status in `code` and the meaningful name in `status`.
  std::string status = string_field(error, "status");
  if (!status.empty() && (fields.code.empty() || fields.numeric_code)) fields.code = status;
  return fields;
}

std::string default_type(int status) {
  if (status >= 500) return "server_error";
  if (status == 429) return "rate_limit_error";
  return "invalid_request_error";
}

bool retryable_status(int status) {
  return status == 408 || status == 409 || status == 429 || status >= 500;
}

Error build_error(int status, const std::optional<ErrorFields>& fields, const Headers& headers) {
  Error error;
  error.kind = ErrorKind::upstream_status;
  if (status == 401 || status == 403) {
    error = credentials_rejected(status);
  } else {
    error.http_status = status >= 400 && status <= 599 ? status : 502;
    const bool has_message = fields && !fields->message.empty();
    error.message =
        has_message ? fields->message : "upstream returned HTTP " + std::to_string(status);
    error.type = fields && !fields->type.empty() ? fields->type : default_type(error.http_status);
    if (fields) {
      error.code = fields->code;
      error.param = fields->param;
    }
    error.retryable = retryable_status(error.http_status);
  }
  std::string_view should_retry = trim_blanks(find_header(headers, "x-should-retry"));
  if (should_retry == "true") error.retryable = true;
  if (should_retry == "false") error.retryable = false;
  error.retry_after = retry_after_from(headers);
  return error;
}

}  // namespace

std::optional<ErrorFields> parse_error_envelope(std::string_view body) {
  body.remove_prefix(std::min(body.size(), json::skip_whitespace(body, 0)));
  if (body.empty() || body.front() != '{' || body.size() > kMaxParsedBytes) return std::nullopt;
  // The scanner bounds nesting before anything builds a DOM from upstream bytes.
  if (!json::validate(body).ok()) return std::nullopt;
  Json root = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return std::nullopt;
  if (auto it = root.find("error"); it != root.end() && !it->is_null()) {
    if (it->is_object()) return fields_from(*it);
    ErrorFields fields;
    fields.message = as_text(*it, kMaxMessageBytes);
    return fields;
  }
  auto object = root.find("object");
  const bool flat = object != root.end() && object->is_string() && *object == "error";
  if (flat || root.contains("message")) return fields_from(root);
  if (auto it = root.find("detail"); it != root.end()) {
    ErrorFields fields;
    fields.message = as_text(*it, kMaxMessageBytes);
    return fields;
  }
  return std::nullopt;
}

Error map_error_response(int status, std::string_view body, const Headers& headers) {
  return build_error(status, parse_error_envelope(body), headers);
}

Error map_stream_error(std::string_view payload) {
  std::optional<ErrorFields> fields = parse_error_envelope(payload);
  int status = 502;
  if (fields && fields->numeric_code && *fields->numeric_code >= 400 &&
      *fields->numeric_code <= 599) {
    status = *fields->numeric_code;
  }
  return build_error(status, fields, Headers{});
}

}  // namespace llmgw::providers::openai
