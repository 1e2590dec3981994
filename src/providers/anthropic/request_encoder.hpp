#pragma once
// The fast path: a client that speaks Anthropic. Its body goes upstream byte for byte with
// only the `model` value replaced by the deployment's upstream model.

#include <string_view>

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::anthropic {

/// Path under the provider's base path: "/v1/messages" or "/v1/messages/count_tokens". The
/// base_url of an anthropic provider is the origin, as in the SDK (https://api.anthropic.com).
std::string_view endpoint_path(Endpoint endpoint) noexcept;

Result<EncodedRequest> encode_request(const EncodeInput& input);

}  // namespace llmgw::providers::anthropic
