#include "providers/gemini/error_mapper.hpp"
#include "providers/error_support.hpp"

#include <charconv>
#include <cmath>

#include "json/json_string.hpp"

namespace llmgw::providers::gemini {
namespace {

constexpr std::size_t kMaxMessageBytes = 1024;
constexpr std::size_t kMaxFieldBytes = 128;
constexpr std::size_t kMaxParsedBytes = 1024 * 1024;  // error bodies are small
constexpr std::size_t kMaxRetryAfterBytes = 64;

std::string bounded(std::string_view text, std::size_t max_bytes) {
  return std::string(json::utf8_prefix(text, max_bytes));
}

/// "17s" or "0.5s" (protobuf Duration JSON) → whole seconds rounded up, or empty.
std::string seconds_from_duration(std::string_view duration) {
  if (duration.size() < 2 || duration.back() != 's') return {};
  duration.remove_suffix(1);
  double seconds = 0;
  auto [end, ec] = std::from_chars(duration.data(), duration.data() + duration.size(), seconds);
  if (ec != std::errc() || end != duration.data() + duration.size() || !std::isfinite(seconds) ||
      seconds < 0 || seconds > 1e9) {
    return {};
  }
  return std::to_string(static_cast<long long>(std::ceil(seconds)));
}

void read_details(const Json& details, GoogleError& out) {
  if (!details.is_array()) return;
  for (const Json& detail : details) {
    const std::string_view type = string_member(detail, "@type");
    if (type.ends_with("google.rpc.ErrorInfo") && out.reason.empty()) {
      out.reason = bounded(string_member(detail, "reason"), kMaxFieldBytes);
    } else if (type.ends_with("google.rpc.RetryInfo") && out.retry_delay.empty()) {
      out.retry_delay = seconds_from_duration(string_member(detail, "retryDelay"));
    }
  }
}

std::string default_type(int status) {
  if (status >= 500) return "server_error";
  if (status == 429) return "rate_limit_error";
  return "invalid_request_error";
}

bool retryable_status(int status) {
  return status == 408 || status == 429 || status >= 500;
}

/// Google answers a bad or expired key with 400 API_KEY_INVALID, not 401.
bool google_rejected_credentials(int status, const std::optional<GoogleError>& error) {
  if (status == 401 || status == 403) return true;
  return error && (error->reason == "API_KEY_INVALID" || error->reason == "API_KEY_EXPIRED" ||
                   error->status == "UNAUTHENTICATED");
}

Error build_error(int status, const std::optional<GoogleError>& google, const Headers& headers) {
  Error error;
  error.kind = ErrorKind::upstream_status;
  if (google_rejected_credentials(status, google)) return credentials_rejected(status);
  error.http_status = status >= 400 && status <= 599 ? status : 502;
  const bool has_message = google && !google->message.empty();
  error.message =
      has_message ? google->message : "upstream returned HTTP " + std::to_string(status);
  error.type = default_type(error.http_status);
  if (google) error.code = google->status;
  error.retryable = retryable_status(error.http_status);
  const std::string_view retry_after = trim_blanks(find_header(headers, "retry-after"));
  if (!retry_after.empty() && retry_after.size() <= kMaxRetryAfterBytes &&
      printable_ascii(retry_after)) {
    error.retry_after = std::string(retry_after);
  } else if (google && error.retryable) {
    error.retry_after = google->retry_delay;
  }
  return error;
}

}  // namespace

std::optional<GoogleError> read_google_error(const Json& body) {
  const Json* root = &body;
  if (root->is_array()) {
    if (root->empty()) return std::nullopt;
    root = &(*root)[0];
  }
  if (!root->is_object()) return std::nullopt;
  auto it = root->find("error");
  if (it == root->end() || !it->is_object()) return std::nullopt;
  const Json& error = *it;
  GoogleError out;
  if (auto code = error.find("code"); code != error.end() && code->is_number_integer()) {
    const auto value = code->get<std::int64_t>();
    if (value >= 100 && value <= 999) out.code = static_cast<int>(value);
  }
  out.message = bounded(string_member(error, "message"), kMaxMessageBytes);
  out.status = bounded(string_member(error, "status"), kMaxFieldBytes);
  if (auto details = error.find("details"); details != error.end()) read_details(*details, out);
  return out;
}

Error map_error_response(int status, std::string_view body, const Headers& headers) {
  std::optional<GoogleError> google;
  if (body.size() <= kMaxParsedBytes) {
    if (auto parsed = parse_json(body)) google = read_google_error(*parsed);
  }
  return build_error(status, google, headers);
}

Error map_stream_error(const GoogleError& error) {
  const int status = error.code >= 400 && error.code <= 599 ? error.code : 502;
  return build_error(status, error, Headers{});
}

}  // namespace llmgw::providers::gemini
