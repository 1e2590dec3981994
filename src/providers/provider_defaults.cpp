#include "llmgw/providers/provider.hpp"

namespace llmgw::providers {

std::optional<Error> reject_unsupported(std::string_view parameter, const TranslateTarget& target) {
  if (target.model.drop_unsupported) return std::nullopt;
  const config::ProviderConfig& provider = target.provider;
  return Error::invalid_request("Parameter '" + std::string(parameter) +
                                    "' is not supported by provider '" + provider.name + "' (" +
                                    std::string(config::to_string(provider.kind)) +
                                    "). Remove it, or set drop_unsupported: true on model '" +
                                    target.model.name + "' to have the gateway drop it.",
                                std::string(parameter), "unsupported_parameter");
}

Error endpoint_unsupported(std::string_view endpoint, const config::ProviderConfig& provider) {
  return Error::invalid_request("Provider '" + provider.name + "' (" +
                                    std::string(config::to_string(provider.kind)) +
                                    ") does not offer " + std::string(endpoint) + ".",
                                {}, "unsupported_endpoint");
}

Result<upstream::UpstreamRequest> ProviderAdapter::encode_embeddings(
    const canonical::EmbeddingRequest& /*request*/, const TranslateTarget& target) const {
  return endpoint_unsupported("embeddings", target.provider);
}

Result<canonical::EmbeddingResponse> ProviderAdapter::decode_embeddings(
    std::string_view /*body*/) const {
  return Error::internal("embeddings decoded by a provider that has none");
}

}  // namespace llmgw::providers
