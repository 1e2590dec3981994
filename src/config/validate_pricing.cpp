#include <set>

#include "config/validate.hpp"

namespace llmgw::config {

void validate_pricing(const Config& config, Diagnostics& diag) {
  std::set<std::string_view> providers;
  for (const auto& provider : config.providers) providers.insert(provider.name);
  std::set<std::string_view> reported;
  for (const auto& entry : config.pricing.entries) {
    if (entry.scope_type != PriceEntry::Scope::provider || providers.contains(entry.scope) ||
        !reported.insert(entry.scope).second) {
      continue;
    }
    const std::string message =
        "prices are listed for provider \"" + entry.scope + "\", which is not in providers";
    if (entry.source_file == config.source_file) {
      diag.error(join_path("pricing.providers", entry.scope), message);
    } else {
      diag.warning("pricing.file", entry.source_file + ":" + std::to_string(entry.line) + ": " +
                                       message + "; they are not used");
    }
  }
}

}  // namespace llmgw::config
