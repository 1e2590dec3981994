#include "providers/openai/error_mapper.hpp"

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
constexpr std::size_t kMaxRetryAfterBytes = 64;

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

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool printable_ascii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

/// Retry-After as the client should see it (seconds or an HTTP date), or empty.
std::string retry_after_from(const Headers& headers) {
  std::string_view value = trim(find_header(headers, "retry-after"));
  if (!value.empty() && value.size() <= kMaxRetryAfterBytes && printable_ascii(value)) {
    return std::string(value);
  }
  std::string_view millis = trim(find_header(headers, "retry-after-ms"));
  double ms = 0;
  auto [end, ec] = std::from_chars(millis.data(), millis.data() + millis.size(), ms);
  if (millis.empty() || ec != std::errc() || end != millis.data() + millis.size() ||
      !std::isfinite(ms) || ms < 0 || ms > 1e12) {
    return {};
  }
  return std::to_string(static_cast<long long>(std::ceil(ms / 1000.0)));
}

Error build_error(int status, const std::optional<ErrorFields>& fields, const Headers& headers) {
  Error error;
  error.kind = ErrorKind::upstream_status;
  if (status == 401 || status == 403) {
    // The client's key already passed the gateway's own auth, so a 401/403 from the provider
    // is about the gateway's provider credentials, not the client's: passing it through would
    // tell the client its key is bad, and the provider's text may quote part of our key. So
    // it becomes a 502 with a fixed message; another deployment may still succeed.
    error.http_status = 502;
    error.message = "upstream provider rejected the gateway's credentials (HTTP " +
                    std::to_string(status) + ")";
    error.type = "upstream_error";
    error.code = "upstream_auth_error";
    error.retryable = true;
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
  std::string_view should_retry = trim(find_header(headers, "x-should-retry"));
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
