#include "providers/anthropic/error_mapper.hpp"
#include "providers/error_support.hpp"

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
    error.type = openai_type(error.http_status);
    if (fields) error.code = fields->type;
    error.retryable = retryable_status(error.http_status);
  }
  std::string_view should_retry = trim_blanks(find_header(headers, "x-should-retry"));
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
