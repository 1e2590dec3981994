#pragma once
// Turns an UpstreamRequest into the HTTP/1.1 message written to the provider: adds Host,
// Content-Length, Connection and User-Agent, drops hop-by-hop headers the caller may have
// copied from the client, and refuses anything that could split the message. The head is
// formatted straight into its wire bytes: building a Beast message first cost an allocation
// per header and a second pass to serialize it.

#include <string>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::upstream {

/// A request as written on the wire.
struct OutgoingRequest {
  std::string head;  ///< Request line and header lines, ending in the blank line.
  std::string body;
};

/// "llmgw/<version>", sent unless the request sets its own User-Agent.
const std::string& default_user_agent();

/// host[:port], the port omitted when it is the scheme's default; IPv6 literals bracketed.
std::string host_header(const config::UpstreamOrigin& origin);

/// The host name to resolve and verify: `origin.host` without IPv6 brackets.
std::string host_name(const config::UpstreamOrigin& origin);

/// Builds the request, moving the body. invalid_request when the target or a header could
/// not be sent verbatim (control characters, a name that is not an HTTP token); the error
/// names the header but never shows its value.
Result<OutgoingRequest> build_request(const config::UpstreamOrigin& origin,
                                      UpstreamRequest request);

}  // namespace llmgw::upstream
