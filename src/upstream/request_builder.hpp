#pragma once
// Turns an UpstreamRequest into the HTTP/1.1 message written to the provider: adds Host,
// Content-Length, Connection and User-Agent, drops hop-by-hop headers the caller may have
// copied from the client, and refuses anything that could split the message.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::upstream {

using OutgoingRequest = boost::beast::http::request<boost::beast::http::string_body>;

/// "llmgw/<version>", sent unless the request sets its own User-Agent.
const std::string& default_user_agent();

/// host[:port], the port omitted when it is the scheme's default; IPv6 literals bracketed.
std::string host_header(const config::UpstreamOrigin& origin);

/// The host name to resolve and verify: `origin.host` without IPv6 brackets.
std::string host_name(const config::UpstreamOrigin& origin);

/// Builds the message, moving the body. invalid_request when the target or a header could
/// not be sent verbatim (control characters, a name that is not an HTTP token); the error
/// names the header but never shows its value.
Result<OutgoingRequest> build_request(const config::UpstreamOrigin& origin,
                                      UpstreamRequest request);

/// Appends the request line and header block of `request` (ending in the blank line) to
/// `out`; the body is written after it as is. The fields were checked by build_request.
void append_request_head(std::string& out, const OutgoingRequest& request);

}  // namespace llmgw::upstream
