#pragma once
// Where Azure OpenAI requests go and how they authenticate: the only ways Azure's wire
// differs from OpenAI's for chat, completions and embeddings (providers.md §4).

#include <string_view>

#include "llmgw/config/config.hpp"
#include "llmgw/core/http_types.hpp"
#include "providers/openai/request_encoder.hpp"

namespace llmgw::providers::azure {

/// Deployment routes: {base}/openai/deployments/{upstream_model}{endpoint}?api-version=...
/// (the deployment name and version percent-encoded), or with v1_routes
/// {base}/openai/v1{endpoint} (model in the body, no api-version). Auth is the api-key
/// header, or Authorization: Bearer with bearer_auth (an Entra ID token as api_key).
openai::UpstreamRoute azure_route(const config::ProviderConfig& provider,
                                  std::string_view upstream_model, Endpoint endpoint);

}  // namespace llmgw::providers::azure
