#pragma once
// Anthropic errors ({"type":"error","error":{"type","message"}}, as a response body or an
// `event: error` in a 200 stream) → the client's Error. The status decides the OpenAI-style
// `type`; Anthropic's own error type is kept as `code`.

#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::providers::anthropic {

/// An error response. Status kept (401/403 excepted: they are about the gateway's
/// credentials and become a fixed 502); 408/409/429/5xx/529 retryable, x-should-retry
/// honoured, Retry-After (or retry-after-ms, rounded up to seconds) copied.
Error map_error_response(int status, std::string_view body, const Headers& headers);

/// The data of an in-stream `event: error`. Its status follows from the Anthropic error type
/// (overloaded_error → 529, rate_limit_error → 429, api_error → 500, ...; unknown → 502).
Error map_stream_error(std::string_view payload);

/// The HTTP status Anthropic uses for `error_type`, or 0 when the type is unknown.
int status_for_error_type(std::string_view error_type) noexcept;

}  // namespace llmgw::providers::anthropic
