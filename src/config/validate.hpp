#pragma once
// Checks that need the whole config or hold for any Config, however it was built: value
// ranges, names, uniqueness and references between sections. Fills
// Deployment::provider_index.

#include <string>

#include "config/diagnostics.hpp"
#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// Reports every problem to `diag`; paths are looked up there for line numbers.
void validate(Config& config, Diagnostics& diag);

/// One provider's own fields (name syntax, limits, timeouts, headers); no uniqueness.
void validate_provider(const ProviderConfig& provider, const std::string& path, Diagnostics& diag);

/// [A-Za-z0-9_.-]+, at most 64 characters: provider names and key ids end up in logs and
/// metric labels.
bool is_valid_identifier(std::string_view name);

/// An RFC 9110 token, i.e. a valid header field name.
bool is_header_name(std::string_view name);

}  // namespace llmgw::config
