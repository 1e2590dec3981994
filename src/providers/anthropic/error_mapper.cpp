#include "providers/anthropic/error_mapper.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "json/json_string.hpp"
#include "providers/anthropic/wire_json.hpp"

namespace llmgw::providers::anthropic {
namespace {

constexpr std::size_t kMaxMessageBytes = 1024;
constexpr std::size_t kMaxCodeBytes = 128;
constexpr std::size_t kMaxParsedBytes = 1024 * 1024;  // error bodies are small; refuse to DOM more
constexpr std::size_t kMaxRetryAfterBytes = 64;

struct ErrorFields {
  std::string type;
  std::string message;
};

std::string bounded(std::string_view text, std::size_t max_bytes) {
  return std::string(json::utf8_prefix(text, max_bytes));
}

/// Anthropic's envelope, or the bare {"error":{...}} / {"error":"text"} some proxies send.
std::optional<ErrorFields> parse_envelope(std::string_view body) {
  if (body.size() > kMaxParsedBytes) return std::nullopt;
  std::optional<Json> root = parse_json(body);
  if (!root || !root->is_object()) return std::nullopt;
  const Json* error = member(*root, "error");
  if (error == nullptr) return std::nullopt;
  ErrorFields fields;
  if (error->is_string()) {
    fields.message = bounded(error->get_ref<const std::string&>(), kMaxMessageBytes);
    return fields;
  }
  if (!error->is_object()) return std::nullopt;
  if (const std::string* type = string_member(*error, "type")) {
    fields.type = bounded(*type, kMaxCodeBytes);
  }
  if (const std::string* message = string_member(*error, "message")) {
    fields.message = bounded(*message, kMaxMessageBytes);
  }
  return fields;
}

std::string openai_type(int status) {
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
    // The client's key already passed the gateway's own auth, so this is about the gateway's
    // provider key: passing it through would tell the client its key is bad, and the text
    // may quote part of our key. A fixed 502 instead; another deployment may still succeed.
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
    error.type = openai_type(error.http_status);
    if (fields) error.code = fields->type;
    error.retryable = retryable_status(error.http_status);
  }
  std::string_view should_retry = trim(find_header(headers, "x-should-retry"));
  if (should_retry == "true") error.retryable = true;
  if (should_retry == "false") error.retryable = false;
  error.retry_after = retry_after_from(headers);
  return error;
}

}  // namespace

int status_for_error_type(std::string_view error_type) noexcept {
  static constexpr std::array<std::pair<std::string_view, int>, 11> kStatuses = {{
      {"invalid_request_error", 400},
      {"authentication_error", 401},
      {"billing_error", 402},
      {"permission_error", 403},
      {"not_found_error", 404},
      {"request_too_large", 413},
      {"rate_limit_error", 429},
      {"api_error", 500},
      {"timeout_error", 504},
      {"overloaded_error", 529},
      {"service_unavailable_error", 503},
  }};
  for (const auto& [type, status] : kStatuses) {
    if (type == error_type) return status;
  }
  return 0;
}

Error map_error_response(int status, std::string_view body, const Headers& headers) {
  return build_error(status, parse_envelope(body), headers);
}

Error map_stream_error(std::string_view payload) {
  std::optional<ErrorFields> fields = parse_envelope(payload);
  int status = fields ? status_for_error_type(fields->type) : 0;
  if (status == 0) status = 502;
  Error error = build_error(status, fields, Headers{});
  if (!fields) error.message = "upstream reported an error in the stream";
  return error;
}

}  // namespace llmgw::providers::anthropic
