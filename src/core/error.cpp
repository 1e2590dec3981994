#include "llmgw/core/error.hpp"

#include <nlohmann/json.hpp>

namespace llmgw {
namespace {

Error make(ErrorKind kind, int status, std::string message, std::string type, bool retryable,
           std::string code = {}, std::string param = {}) {
  Error e;
  e.kind = kind;
  e.http_status = status;
  e.message = std::move(message);
  e.type = std::move(type);
  e.code = std::move(code);
  e.param = std::move(param);
  e.retryable = retryable;
  return e;
}

}  // namespace

Error Error::invalid_request(std::string message, std::string param, std::string code) {
  return make(ErrorKind::invalid_request, 400, std::move(message), "invalid_request_error", false,
              std::move(code), std::move(param));
}
Error Error::authentication(std::string message) {
  return make(ErrorKind::authentication, 401, std::move(message), "invalid_request_error", false,
              "invalid_api_key");
}
Error Error::permission(std::string message, std::string code) {
  return make(ErrorKind::permission, 403, std::move(message), "permission_error", false,
              std::move(code));
}
Error Error::not_found(std::string message, std::string code) {
  return make(ErrorKind::not_found, 404, std::move(message), "invalid_request_error", false,
              std::move(code));
}
Error Error::method_not_allowed(std::string message) {
  return make(ErrorKind::method_not_allowed, 405, std::move(message), "invalid_request_error",
              false, "method_not_allowed");
}
Error Error::payload_too_large(std::string message) {
  return make(ErrorKind::payload_too_large, 413, std::move(message), "invalid_request_error", false,
              "request_too_large");
}
Error Error::upstream_connect(std::string message) {
  return make(ErrorKind::upstream_connect, 502, std::move(message), "upstream_error", true,
              "upstream_connect_error");
}
Error Error::upstream_timeout(std::string message) {
  return make(ErrorKind::upstream_timeout, 504, std::move(message), "upstream_error", true,
              "upstream_timeout");
}
Error Error::rate_limited(std::string message, std::string type, std::string code,
                          std::string retry_after) {
  // Not retryable here: the gateway's own limit applies to every deployment alike.
  Error e = make(ErrorKind::rate_limited, 429, std::move(message), std::move(type), false,
                 std::move(code));
  e.retry_after = std::move(retry_after);
  return e;
}
Error Error::upstream_protocol(std::string message) {
  return make(ErrorKind::upstream_protocol, 502, std::move(message), "upstream_error", true,
              "upstream_protocol_error");
}
Error Error::unavailable(std::string message) {
  return make(ErrorKind::unavailable, 503, std::move(message), "server_error", true,
              "service_unavailable");
}
Error Error::internal(std::string message) {
  return make(ErrorKind::internal, 500, std::move(message), "server_error", false,
              "internal_error");
}

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::invalid_request: return "invalid_request";
    case ErrorKind::authentication: return "authentication";
    case ErrorKind::permission: return "permission";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::method_not_allowed: return "method_not_allowed";
    case ErrorKind::payload_too_large: return "payload_too_large";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::upstream_connect: return "upstream_connect";
    case ErrorKind::upstream_timeout: return "upstream_timeout";
    case ErrorKind::upstream_status: return "upstream_status";
    case ErrorKind::upstream_protocol: return "upstream_protocol";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

std::string to_openai_json(const Error& error) {
  auto nullable = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  nlohmann::ordered_json body = {{"error",
                                  {{"message", error.message},
                                   {"type", error.type.empty() ? "server_error" : error.type},
                                   {"param", nullable(error.param)},
                                   {"code", nullable(error.code)}}}};
  // OpenAI's field order, which people compare against. Replace rather than throw on invalid UTF-8
  // that may come from an upstream message.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace llmgw
