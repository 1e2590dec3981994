#pragma once
// The headers of every request to Anthropic, fast path and translated path alike.

#include <string_view>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::providers::anthropic {

/// Whether a client header may be passed upstream: anthropic-beta (clients switch beta
/// features on with it) and the provider's forward_headers; never credentials, hop-by-hop
/// or framing headers, whatever the configuration says.
bool forwardable_client_header(std::string_view name, const config::ProviderConfig& provider);

/// x-api-key, anthropic-version, content-type, accept, the provider's extra headers, then
/// the forwardable client headers the gateway did not set itself. Errors (500) when the
/// configured key could split the header block.
Result<Headers> build_headers(const config::ProviderConfig& provider, const Headers& client_headers,
                              bool stream);

}  // namespace llmgw::providers::anthropic
