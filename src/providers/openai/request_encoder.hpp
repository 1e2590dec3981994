#pragma once
// Builds the upstream request for OpenAI-shaped providers. The body is the client's bytes
// with only the `model` value (and, when the gateway needs streamed usage, the
// stream_options member) spliced: everything else is forwarded byte for byte.

#include <string>

#include "llmgw/providers/provider.hpp"
#include "providers/openai/request_headers.hpp"

namespace llmgw::providers::openai {

/// Where an OpenAI-wire request goes and how it authenticates: the only things that differ
/// between OpenAI (and compatibles) and Azure OpenAI.
struct UpstreamRoute {
  std::string target;  ///< Path and query.
  AuthScheme auth = AuthScheme::bearer;
};

/// Path under the provider's base path, e.g. "/chat/completions".
std::string_view endpoint_path(Endpoint endpoint) noexcept;

/// OpenAI's route: {base_path}{endpoint_path}, bearer auth.
UpstreamRoute openai_route(const config::ProviderConfig& provider, Endpoint endpoint);

/// encode_request on openai_route().
Result<EncodedRequest> encode_request(const EncodeInput& input);

Result<EncodedRequest> encode_request(const EncodeInput& input, UpstreamRoute route);

}  // namespace llmgw::providers::openai
