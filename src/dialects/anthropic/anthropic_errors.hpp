#pragma once
// What Anthropic clients expect for errors: {"type":"error","error":{"type","message"}}
// with Anthropic's error type names, and `event: error` in streams.

#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::dialects::anthropic {

/// invalid_request_error, authentication_error, permission_error, not_found_error,
/// request_too_large, rate_limit_error, api_error, overloaded_error (529/503), timeout_error.
std::string_view error_type(const Error& error) noexcept;

std::string error_json(const Error& error);

/// `event: error\ndata: {...}\n\n`.
std::string stream_error_event(const Error& error);

/// x-request-id, retry-after, and request-id (Anthropic's own header name).
Headers error_headers(const Error& error, std::string_view request_id);

}  // namespace llmgw::dialects::anthropic
