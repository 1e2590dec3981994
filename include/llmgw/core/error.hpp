#pragma once
// Domain errors: what went wrong, which HTTP status the client sees, and whether
// another attempt (retry or fallback) could succeed.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace llmgw {

enum class ErrorKind {
  invalid_request,     ///< 400: malformed JSON, missing or wrong-typed fields.
  authentication,      ///< 401: missing or unknown gateway key.
  permission,          ///< 403: key may not use this model.
  not_found,           ///< 404: unknown route or model.
  method_not_allowed,  ///< 405.
  payload_too_large,   ///< 413.
  rate_limited,        ///< 429 from us or passed through from upstream.
  upstream_connect,    ///< 502: DNS, connect, TLS handshake, reset before a response.
  upstream_timeout,    ///< 504: connect/first-byte/idle/total deadline.
  upstream_status,     ///< upstream answered with an error status, passed through.
  upstream_protocol,   ///< 502: upstream sent something we cannot parse or it was cut short.
  unavailable,         ///< 503: draining, no enabled deployment.
  internal,            ///< 500.
};

/// An error in the shape every client dialect can render
/// (OpenAI: {"error":{"message","type","param","code"}}).
/// Messages never contain secrets: callers build them from config names, never values.
struct Error {
  ErrorKind kind = ErrorKind::internal;
  int http_status = 500;
  std::string message;
  std::string type;   ///< OpenAI `type`, e.g. "invalid_request_error".
  std::string code;   ///< OpenAI `code`; empty renders as null.
  std::string param;  ///< OpenAI `param`; empty renders as null.
  bool retryable = false;
  std::string retry_after;  ///< Value of a Retry-After header to pass on, if any.
  /// The provider's own wait before a retry (Retry-After, retry-after-ms or
  /// x-ratelimit-reset-*), in milliseconds; -1 when it gave none. Set by the proxy.
  std::int64_t retry_after_ms = -1;

  static Error invalid_request(std::string message, std::string param = {}, std::string code = {});
  static Error authentication(std::string message);
  static Error permission(std::string message, std::string code = {});
  static Error not_found(std::string message, std::string code = {});
  static Error method_not_allowed(std::string message);
  static Error payload_too_large(std::string message);
  /// 429 from the gateway's own limits. `type`/`code` as OpenAI spells them:
  /// "requests"/"tokens" with "rate_limit_exceeded", or "insufficient_quota" twice.
  static Error rate_limited(std::string message, std::string type, std::string code,
                            std::string retry_after);
  static Error upstream_connect(std::string message);
  static Error upstream_timeout(std::string message);
  static Error upstream_protocol(std::string message);
  static Error unavailable(std::string message);
  static Error internal(std::string message);
};

/// Short, bounded label for metrics (`llmgw_upstream_errors_total{kind}`).
std::string_view to_string(ErrorKind kind) noexcept;

/// Renders the OpenAI error body: {"error":{"message","type","param","code"}}.
std::string to_openai_json(const Error& error);

/// A value or an Error. Deliberately tiny: C++20 has no std::expected. The Error is boxed:
/// errors are rare, while a Result lives in many coroutine frames of every open stream, so
/// keeping it the size of T (plus a pointer) saves memory per connection.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error)                            // NOLINT(google-explicit-constructor)
      : state_(std::make_unique<Error>(std::move(error))) {}
  Result(Result&&) noexcept = default;
  Result& operator=(Result&&) noexcept = default;
  Result(const Result& other) : state_(copy_state(other.state_)) {}
  Result& operator=(const Result& other) {
    if (this != &other) state_ = copy_state(other.state_);
    return *this;
  }
  ~Result() = default;

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const Error& error() const& { return *std::get<1>(state_); }
  Error&& error() && { return std::move(*std::get<1>(state_)); }

 private:
  using State = std::variant<T, std::unique_ptr<Error>>;
  static State copy_state(const State& state) {
    if (state.index() == 0) return State(std::in_place_index<0>, std::get<0>(state));
    return State(std::in_place_index<1>, std::make_unique<Error>(*std::get<1>(state)));
  }
  State state_;
};

}  // namespace llmgw
