#pragma once
// The `pricing:` section as loaded: the price list (a file, or the one built into the binary)
// with the config's own entries laid over it. Plain values; governance::PriceTable indexes them.

#include <string>
#include <string_view>
#include <vector>

#include "llmgw/governance/model_price.hpp"

namespace llmgw::config {

/// One listed model: its price for the providers of one scope.
struct PriceEntry {
  enum class Scope {
    kind,      ///< Every provider of a kind: `scope` is its spelling ("openai", "bedrock").
    provider,  ///< One configured provider: `scope` is its name.
  };
  Scope scope_type = Scope::kind;
  std::string scope;
  /// The upstream model name a deployment sends, or "*": every other model of the scope.
  std::string model;
  /// Other upstream names billed at this price (e.g. dated snapshots). Listed explicitly: a
  /// name is never matched by prefix or similarity, because a wrong price is worse than none.
  std::vector<std::string> aliases;
  governance::ModelPrice price;
  std::string source_file;  ///< Where the entry was written (the config, a price file, ...).
  int line = 0;             ///< Its line there; 0 when unknown.
};

struct PricingConfig {
  /// pricing.file as resolved; empty: the list built into the binary (builtin_price_list).
  std::string file;
  /// The list's entries, then the config's own; an own entry replaces the list's entry of the
  /// same scope and model and takes over its names (see docs/configuration.md). Names and
  /// aliases are unique within a scope.
  std::vector<PriceEntry> entries;
  /// Also send the cost as x-litellm-response-cost, the name third-party gateway test tools
  /// read.
  bool litellm_cost_header = false;
  /// End every stream with an SSE comment carrying its cost (streams' heads go out before
  /// the cost is known, so no header can).
  bool stream_cost_comment = false;
};

/// The text of config/prices.yaml as it was when this binary was built. Compiled in so that a
/// gateway started from a build tree or a container image, with no file beside the binary and
/// no provider account, still prices requests (see CMakeLists.txt).
std::string_view builtin_price_list() noexcept;

/// How messages name the built-in list.
inline constexpr std::string_view kBuiltinPriceListName = "built-in config/prices.yaml";

}  // namespace llmgw::config
