#include "routing/retry_class.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace llmgw::routing {
namespace {

bool contains_lower(std::string_view text, std::string_view needle) noexcept {
  const auto it =
      std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                  [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != text.end();
}

}  // namespace

RetryClass classify(const Error& failure) noexcept {
  if (!failure.retryable) return RetryClass::none;
  switch (failure.kind) {
    case ErrorKind::upstream_connect: return RetryClass::connect;
    case ErrorKind::upstream_protocol: return RetryClass::reset;
    case ErrorKind::upstream_timeout: return RetryClass::timeout;
    case ErrorKind::upstream_status:
      if (failure.code == "upstream_auth_error") return RetryClass::none;
      if (failure.http_status == 429) return RetryClass::rate_limited;
      if (failure.http_status >= 500) return RetryClass::server_error;
      return RetryClass::none;
    default: return RetryClass::none;
  }
}

bool retries(const config::RetryOn& on, RetryClass kind) noexcept {
  switch (kind) {
    case RetryClass::none: return false;
    case RetryClass::connect: return on.connect;
    case RetryClass::reset: return on.reset;
    case RetryClass::timeout: return on.timeout;
    case RetryClass::rate_limited: return on.rate_limited;
    case RetryClass::server_error: return on.server_error;
  }
  return false;
}

bool is_breaker_failure(RetryClass kind) noexcept {
  return kind != RetryClass::none && kind != RetryClass::rate_limited;
}

std::string_view to_string(RetryClass kind) noexcept {
  switch (kind) {
    case RetryClass::none: return "none";
    case RetryClass::connect: return "connect";
    case RetryClass::reset: return "reset";
    case RetryClass::timeout: return "timeout";
    case RetryClass::rate_limited: return "rate_limited";
    case RetryClass::server_error: return "server_error";
  }
  return "none";
}

bool is_context_length_exceeded(const Error& failure) noexcept {
  if (failure.kind != ErrorKind::upstream_status) return false;
  if (failure.http_status != 400 && failure.http_status != 413) return false;
  if (failure.code == "context_length_exceeded") return true;
  static constexpr std::array<std::string_view, 5> kPhrases{"context length", "context_length",
                                                            "context window", "prompt is too long",
                                                            "input token count"};
  return std::any_of(kPhrases.begin(), kPhrases.end(), [&](std::string_view phrase) {
    return contains_lower(failure.message, phrase);
  });
}

}  // namespace llmgw::routing
