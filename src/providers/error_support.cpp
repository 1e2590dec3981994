#include "providers/error_support.hpp"

#include <charconv>
#include <cmath>

namespace llmgw::providers {
namespace {

constexpr std::size_t kMaxRetryAfterBytes = 64;

}  // namespace

std::string_view trim_blanks(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool printable_ascii(std::string_view text) noexcept {
  for (char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

std::string retry_after_from(const Headers& headers) {
  std::string_view value = trim_blanks(find_header(headers, "retry-after"));
  if (!value.empty() && value.size() <= kMaxRetryAfterBytes && printable_ascii(value)) {
    return std::string(value);
  }
  std::string_view millis = trim_blanks(find_header(headers, "retry-after-ms"));
  double ms = 0;
  auto [end, ec] = std::from_chars(millis.data(), millis.data() + millis.size(), ms);
  if (millis.empty() || ec != std::errc() || end != millis.data() + millis.size() ||
      !std::isfinite(ms) || ms < 0 || ms > 1e12) {
    return {};
  }
  return std::to_string(static_cast<long long>(std::ceil(ms / 1000.0)));
}

Error credentials_rejected(int status, std::string_view detail) {
  Error error;
  error.kind = ErrorKind::upstream_status;
  error.http_status = 502;
  error.message = "upstream provider rejected the gateway's credentials (HTTP " +
                  std::to_string(status) +
                  (detail.empty() ? std::string() : ", " + std::string(detail)) + ")";
  error.type = "upstream_error";
  error.code = "upstream_auth_error";
  error.retryable = true;
  return error;
}

}  // namespace llmgw::providers
