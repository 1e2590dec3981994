#pragma once
// Errors as OpenAI clients expect them: a JSON body before the first response byte, an
// SSE `data:` event after it (the SDKs raise APIError on a payload with an `error` key).

#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::dialects::openai {

/// `data: {"error":{...}}\n\n`
std::string stream_error_event(const Error& error);

/// Response headers for an error reply: x-request-id, and Retry-After when known.
Headers error_headers(const Error& error, std::string_view request_id);

}  // namespace llmgw::dialects::openai
