#pragma once
// The per-kind parts of a provider entry: the `anthropic:`, `gemini:`, `azure:` and `bedrock:`
// sections, Bedrock's credentials, and the base_url a kind uses when none is written.

#include <optional>
#include <string>

#include "config/load_context.hpp"
#include "config/map_reader.hpp"
#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// Reads the section that belongs to provider.kind into its settings. A section for another
/// kind is an error on its line; with `kind_known` false (kind missing or misspelt, already
/// reported) the sections are only marked as known. For bedrock also resolves the credentials,
/// disabling the provider when one is missing.
void read_kind_settings(MapReader& provider_map, LoadContext& ctx, ProviderConfig& provider,
                        bool kind_known);

/// The base_url used when the entry has none: the public endpoint of the kind (for Gemini on
/// Vertex AI and for Bedrock it depends on the location/region). nullopt when the kind has no
/// default (openai, openai_compatible, azure_openai) or the location/region it needs is
/// missing or malformed (validation reports that).
std::optional<std::string> default_base_url(const ProviderConfig& provider);

/// [a-z0-9-]+ of at most 64 characters: AWS regions and Google Cloud locations, which end up
/// in host names.
bool is_region_name(std::string_view name);

}  // namespace llmgw::config
