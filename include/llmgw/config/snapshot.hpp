#pragma once
// An immutable, validated Config plus the look-up indexes the request path needs, built
// once per load. Workers hold it by shared_ptr; a reload swaps in a new Snapshot.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "llmgw/config/config.hpp"
#include "llmgw/governance/price_table.hpp"

namespace llmgw::config {

class Snapshot {
 public:
  explicit Snapshot(std::shared_ptr<const Config> config);

  const Config& config() const noexcept { return *config_; }

  /// The key whose secret hashes to `digest`, or nullptr. The final comparison of the
  /// stored hash is constant-time; disabled keys are never returned.
  const KeyConfig* find_key(const Sha256& digest) const noexcept;

  const ModelConfig* find_model(std::string_view name) const noexcept;
  const TeamConfig* find_team(std::string_view id) const noexcept;

  /// The key requests without one are counted as (auth.unauthenticated), or nullptr when
  /// that mode is off.
  const KeyConfig* unauthenticated_key() const noexcept {
    return unauthenticated_key_ ? &*unauthenticated_key_ : nullptr;
  }

  /// The price of a deployment of this config, looked up once per snapshot; nullptr when
  /// unpriced (its cost is unknown, not zero).
  const governance::ModelPrice* price_of(const Deployment& deployment) const noexcept;

  const governance::PriceTable& prices() const noexcept { return prices_; }

 private:
  struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  struct DigestHash {
    std::size_t operator()(const Sha256& digest) const noexcept;
  };
  std::shared_ptr<const Config> config_;
  std::unordered_map<Sha256, const KeyConfig*, DigestHash> keys_by_digest_;
  std::unordered_map<std::string, const ModelConfig*, TransparentHash, std::equal_to<>>
      models_by_name_;
  std::unordered_map<std::string, const TeamConfig*, TransparentHash, std::equal_to<>> teams_by_id_;
  std::optional<KeyConfig> unauthenticated_key_;
  governance::PriceTable prices_;
  std::unordered_map<const Deployment*, const governance::ModelPrice*> deployment_prices_;
};

/// SHA-256 of a presented secret (OpenSSL).
Sha256 sha256(std::string_view data) noexcept;

}  // namespace llmgw::config
