#include "dialects/anthropic/anthropic_errors.hpp"

#include "llmgw/canonical/chat.hpp"

namespace llmgw::dialects::anthropic {

std::string_view error_type(const Error& error) noexcept {
  // By status, as Anthropic documents its types (providers.md §2.4): an Error built for
  // OpenAI clients carries OpenAI type names, and the status is what both dialects share.
  switch (error.http_status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 402: return "billing_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 503:
    case 529: return "overloaded_error";
    case 504: return "timeout_error";
    default: break;
  }
  if (error.http_status >= 400 && error.http_status < 500) return "invalid_request_error";
  return "api_error";
}

std::string error_json(const Error& error) {
  const canonical::Json body = {
      {"type", "error"},
      {"error",
       {{"type", std::string(error_type(error))},
        {"message",
         error.message.empty() ? std::string("Internal server error") : error.message}}}};
  // Upstream messages may carry invalid UTF-8: replace it rather than throw.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string stream_error_event(const Error& error) {
  std::string event = "event: error\ndata: ";
  event += error_json(error);
  event += "\n\n";
  return event;
}

Headers error_headers(const Error& error, std::string_view request_id) {
  Headers headers;
  headers.emplace_back("x-request-id", std::string(request_id));
  headers.emplace_back("request-id", std::string(request_id));
  if (!error.retry_after.empty()) headers.emplace_back("retry-after", error.retry_after);
  // The Anthropic SDK obeys this before its status rules, so it does not retry a gateway
  // error that cannot succeed on retry (e.g. a 500 internal error).
  headers.emplace_back("x-should-retry", error.retryable ? "true" : "false");
  return headers;
}

}  // namespace llmgw::dialects::anthropic
