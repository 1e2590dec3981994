#pragma once
// Google API errors → the client's Error. Google wraps every error as
// {"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[...]}},
// sometimes inside a one-element array (streamGenerateContent without alt=sse).

#include <optional>
#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"
#include "providers/gemini/provider_json.hpp"

namespace llmgw::providers::gemini {

/// The fields of one Google error envelope; texts are capped (message ~1 KB).
struct GoogleError {
  int code = 0;  ///< HTTP status Google put in the body; 0 when absent.
  std::string message;
  std::string status;       ///< e.g. "RESOURCE_EXHAUSTED"; becomes Error::code.
  std::string reason;       ///< ErrorInfo.reason, e.g. "API_KEY_INVALID".
  std::string retry_delay;  ///< RetryInfo.retryDelay in whole seconds, e.g. "17".
};

/// Reads the envelope from a parsed body: an object with `error`, or an array whose first
/// element is one. nullopt for anything else.
std::optional<GoogleError> read_google_error(const Json& body);

/// A complete error response (non-2xx status) → Error of kind upstream_status.
Error map_error_response(int status, std::string_view body, const Headers& headers);

/// An error object that arrived inside a 200 stream: its status is the body's `code` when
/// that is an HTTP error status, else 502.
Error map_stream_error(const GoogleError& error);

}  // namespace llmgw::providers::gemini
