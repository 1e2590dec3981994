#pragma once
// Prices by deployment: which ModelPrice applies to an upstream model at a provider.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/governance/model_price.hpp"

namespace llmgw::governance {

/// How a deployment's model was matched to a listed one.
enum class PriceMatch {
  exact,     ///< The listed model name.
  alias,     ///< One of its aliases.
  wildcard,  ///< The scope's "*" entry.
};

/// A price found for a deployment. `listed_as` names the entry (for logs and the spend
/// record); both views point into the table and live as long as it does.
struct PriceLookup {
  const ModelPrice* price = nullptr;
  std::string_view listed_as;
  std::string_view scope;
  PriceMatch match = PriceMatch::exact;
};

/// An immutable index over PricingConfig::entries. Build it once per config snapshot; lookups
/// allocate nothing and are safe from any thread.
///
/// A deployment (provider P, upstream model M) is priced by the first of:
///   1. P's own scope (`pricing.providers.<P's name>`): M, then an alias equal to M, then "*";
///   2. P's kind scope (`pricing.models.<P's kind>`): the same three steps.
/// Nothing else: no prefix, date-stripping or case-folding, and an azure_openai deployment is
/// not priced from the openai list. A model that matches nothing is unpriced (find returns
/// nullopt), which callers must report as unknown, never as zero.
class PriceTable {
 public:
  PriceTable() = default;
  explicit PriceTable(const config::PricingConfig& pricing);

  std::optional<PriceLookup> find(std::string_view provider_name, config::ProviderKind kind,
                                  std::string_view upstream_model) const;
  std::optional<PriceLookup> find(const config::ProviderConfig& provider,
                                  std::string_view upstream_model) const {
    return find(provider.name, provider.kind, upstream_model);
  }

  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  template <class Value>
  using Map = std::unordered_map<std::string, Value, Hash, std::equal_to<>>;

  struct Scope {
    Map<std::size_t> models;   // name → entries_ index
    Map<std::size_t> aliases;  // alias → entries_ index
  };

  std::optional<PriceLookup> find_in(const Map<Scope>& scopes, std::string_view scope,
                                     std::string_view model) const;

  std::vector<config::PriceEntry> entries_;
  Map<Scope> by_kind_;
  Map<Scope> by_provider_;
};

}  // namespace llmgw::governance
