#pragma once
// Bedrock errors → the client's Error: HTTP error responses (status, `x-amzn-errortype`,
// {"message"}) and the exception frames of a ConverseStream (providers.md §5.2, §5.3).

#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::providers::bedrock {

/// The error name of an `x-amzn-errortype` value or an `:exception-type` header, in the
/// response-header spelling: the part before ':' and after '#', first letter upper case
/// ("throttlingException" and "ThrottlingException:http://..." both give
/// "ThrottlingException"). Bounded to 128 bytes; empty when nothing usable is left.
std::string error_name(std::string_view raw);

/// Maps an HTTP error response. 4xx status kept (401/403 become a 502 with a fixed message:
/// AWS quotes the canonical request, and so the session token, in signature errors);
/// 408/424/429/5xx retryable; code = the error name; message = the body's "message" or
/// "Message" (≤ 1 KB), else a generic one.
Error map_error_response(int status, std::string_view body, const Headers& headers);

/// Maps an exception frame of a 200 stream: the status is the one Bedrock gives that
/// exception as an HTTP error (throttlingException → 429, ...), unknown names → 502.
Error map_stream_exception(std::string_view exception_type, std::string_view payload);

/// Maps a generic `:message-type error` frame (`:error-code`, `:error-message` headers).
Error map_stream_error_frame(std::string_view error_code, std::string_view error_message);

}  // namespace llmgw::providers::bedrock
