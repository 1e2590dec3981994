#pragma once
// Keys, teams and model access created through the admin API, as the request path sees them:
// an immutable index built from the embedded store (on its own thread) and swapped in whole,
// so a request looks a key up without touching SQLite, a lock held across a wait, or I/O.
// Keys declared in the config file stay in the config Snapshot; the auth stage asks it first.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/core/swapped_ptr.hpp"

namespace llmgw::governance {

/// One API key as the index holds it. `key.secret_sha256` is the current secret.
struct IndexedKey {
  config::KeyConfig key;
  /// The secret before the last rotation, accepted until previous_until_ms (unix ms).
  std::optional<config::Sha256> previous_secret_sha256;
  std::int64_t previous_until_ms = 0;
  std::optional<std::int64_t> revoked_at_ms;
};

/// Where a team stands with a model that needs approval.
struct ModelAccess {
  bool approved = false;
  /// The team's latest request for the model when it is not approved: its id and whether it
  /// is still pending (false: rejected). Empty id: the team never asked.
  std::string request_id;
  bool pending = false;
};

struct AccessEntry {
  std::string team;
  std::string model;
  ModelAccess access;
};

class KeyIndex {
 public:
  struct Match {
    const config::KeyConfig* key = nullptr;
    bool revoked = false;
  };

  /// `generation` orders indexes built from the store: a newer one replaces an older one.
  KeyIndex(std::uint64_t generation, std::vector<IndexedKey> keys,
           std::vector<config::TeamConfig> teams, std::vector<AccessEntry> access);
  KeyIndex(const KeyIndex&) = delete;
  KeyIndex& operator=(const KeyIndex&) = delete;

  /// The key whose current secret, or whose previous secret before its grace ended, hashes
  /// to `digest`; the final comparison is constant-time. Revoked keys are returned as such
  /// (their own 401 message); nullopt when no key matches.
  std::optional<Match> find(const config::Sha256& digest, std::int64_t now_ms) const noexcept;

  const config::TeamConfig* find_team(std::string_view id) const noexcept;
  ModelAccess access(std::string_view team, std::string_view model) const;

  std::uint64_t generation() const noexcept { return generation_; }
  std::size_t size() const noexcept { return keys_.size(); }

 private:
  struct DigestHash {
    std::size_t operator()(const config::Sha256& digest) const noexcept;
  };
  struct Slot {
    const IndexedKey* key = nullptr;
    bool previous = false;  ///< Matched through the rotated-out secret.
  };
  std::uint64_t generation_;
  std::vector<IndexedKey> keys_;
  std::vector<config::TeamConfig> teams_;
  std::unordered_map<config::Sha256, Slot, DigestHash> by_digest_;
  std::unordered_map<std::string, const config::TeamConfig*> teams_by_id_;
  std::unordered_map<std::string, ModelAccess> access_;  ///< By "team\nmodel".
};

/// The current KeyIndex, shared by every worker and swapped atomically on a reload.
class KeyIndexStore {
 public:
  KeyIndexStore();
  std::shared_ptr<const KeyIndex> current() const noexcept { return current_.load(); }
  /// Installs `next` unless a newer generation is already installed (reloads may finish out
  /// of order on different threads). True when installed.
  bool replace_if_newer(std::shared_ptr<const KeyIndex> next) noexcept;

 private:
  SwappedPtr<const KeyIndex> current_;
};

}  // namespace llmgw::governance
