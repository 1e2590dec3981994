#pragma once
// Checks that need the whole config or hold for any Config, however it was built: value
// ranges, names, uniqueness and references between sections. Fills
// Deployment::provider_index.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/diagnostics.hpp"
#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// Reports every problem to `diag`; paths are looked up there for line numbers.
void validate(Config& config, Diagnostics& diag);

/// models[].default_max_tokens is at most this (0 = the adapter's default).
inline constexpr std::int64_t kMaxDefaultMaxTokens = 1'000'000;

/// One provider's own fields (name syntax, limits, timeouts, headers); no uniqueness.
void validate_provider(const ProviderConfig& provider, const std::string& path, Diagnostics& diag);

/// The settings of the provider's kind (Vertex project and location, Bedrock region, Azure
/// api_version, ...) and a base_url path that would repeat the API prefix the adapter adds.
void validate_provider_kind(const ProviderConfig& provider, const std::string& path,
                            Diagnostics& diag);

/// Why `header` must not be in the provider's `headers`: the adapter sets it from api_key, the
/// kind's settings or request signing. nullopt when it may be set.
std::optional<std::string> gateway_owned_header(const ProviderConfig& provider,
                                                std::string_view header);

/// Prices listed for a provider name that is not configured: an error when the config lists
/// them, a warning when a price file does (one file may serve several gateways).
void validate_pricing(const Config& config, Diagnostics& diag);

/// The model's routing block and its deployments' routing keys; gives each deployment its
/// default id and state key, sorts the deployments by priority (stable) and sets the
/// model's stateful_routing and preflight flags.
void validate_routing(ModelConfig& model, const std::string& path, Diagnostics& diag);

/// Teams, keys' teams and narrowing, the unauthenticated mode, state settings.
void validate_governance(const Config& config, Diagnostics& diag);

/// [A-Za-z0-9_.-]+, at most 64 characters: provider names and key ids end up in logs and
/// metric labels.
bool is_valid_identifier(std::string_view name);

/// An RFC 9110 token, i.e. a valid header field name.
bool is_header_name(std::string_view name);

}  // namespace llmgw::config
