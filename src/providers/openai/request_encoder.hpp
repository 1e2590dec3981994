#pragma once
// Builds the upstream request for OpenAI-shaped providers. The body is the client's bytes
// with only the `model` value (and, when the gateway needs streamed usage, the
// stream_options member) spliced: everything else is forwarded byte for byte.

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::openai {

/// Path under the provider's base path, e.g. "/chat/completions".
std::string_view endpoint_path(Endpoint endpoint) noexcept;

/// Whether a client header may be passed upstream: OpenAI-Organization, OpenAI-Beta,
/// OpenAI-Project and the provider's forward_headers; never credentials, hop-by-hop or
/// framing headers, whatever the configuration says.
bool forwardable_client_header(std::string_view name, const config::ProviderConfig& provider);

Result<EncodedRequest> encode_request(const EncodeInput& input);

}  // namespace llmgw::providers::openai
