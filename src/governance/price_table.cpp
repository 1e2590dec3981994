#include "llmgw/governance/price_table.hpp"

namespace llmgw::governance {

namespace {

constexpr std::string_view kWildcard = "*";

}  // namespace

PriceTable::PriceTable(const config::PricingConfig& pricing) : entries_(pricing.entries) {
  // The loader leaves names unique within a scope; for a table built from hand-made entries
  // the later entry wins, as an own entry wins over the price list's.
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& entry = entries_[i];
    auto& scopes = entry.scope_type == config::PriceEntry::Scope::kind ? by_kind_ : by_provider_;
    auto& scope = scopes[entry.scope];
    scope.models.insert_or_assign(entry.model, i);
    for (const auto& alias : entry.aliases) scope.aliases.insert_or_assign(alias, i);
  }
}

std::optional<PriceLookup> PriceTable::find_in(const Map<Scope>& scopes, std::string_view scope,
                                               std::string_view model) const {
  const auto found = scopes.find(scope);
  if (found == scopes.end()) return std::nullopt;
  const Scope& listed = found->second;
  auto result = [&](std::size_t index, PriceMatch match) {
    const auto& entry = entries_[index];
    return PriceLookup{&entry.price, entry.model, entry.scope, match};
  };
  // "*" is stored as a model name, so an exact look-up of a model literally called "*" finds
  // the wildcard entry: that is the same entry either way.
  if (auto it = listed.models.find(model); it != listed.models.end()) {
    return result(it->second, model == kWildcard ? PriceMatch::wildcard : PriceMatch::exact);
  }
  if (auto it = listed.aliases.find(model); it != listed.aliases.end()) {
    return result(it->second, PriceMatch::alias);
  }
  if (auto it = listed.models.find(kWildcard); it != listed.models.end()) {
    return result(it->second, PriceMatch::wildcard);
  }
  return std::nullopt;
}

std::optional<PriceLookup> PriceTable::find(std::string_view provider_name,
                                            config::ProviderKind kind,
                                            std::string_view upstream_model) const {
  if (auto own = find_in(by_provider_, provider_name, upstream_model)) return own;
  return find_in(by_kind_, config::to_string(kind), upstream_model);
}

}  // namespace llmgw::governance
