#include "llmgw/governance/key_index.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <utility>

namespace llmgw::governance {

namespace {

std::string access_key(std::string_view team, std::string_view model) {
  std::string key;
  key.reserve(team.size() + model.size() + 1);
  key.append(team).push_back('\n');
  key.append(model);
  return key;
}

}  // namespace

std::size_t KeyIndex::DigestHash::operator()(const config::Sha256& digest) const noexcept {
  // A digest is uniformly distributed already: any 8 of its bytes make a good hash.
  std::size_t hash = 0;
  std::memcpy(&hash, digest.data(), sizeof hash);
  return hash;
}

KeyIndex::KeyIndex(std::uint64_t generation, std::vector<IndexedKey> keys,
                   std::vector<config::TeamConfig> teams, std::vector<AccessEntry> access)
    : generation_(generation), keys_(std::move(keys)), teams_(std::move(teams)) {
  for (const IndexedKey& key : keys_) {
    by_digest_.emplace(key.key.secret_sha256, Slot{&key, false});
    if (key.previous_secret_sha256) {
      by_digest_.emplace(*key.previous_secret_sha256, Slot{&key, true});
    }
  }
  for (const config::TeamConfig& team : teams_) teams_by_id_.emplace(team.id, &team);
  for (AccessEntry& entry : access) {
    access_.emplace(access_key(entry.team, entry.model), std::move(entry.access));
  }
}

std::optional<KeyIndex::Match> KeyIndex::find(const config::Sha256& digest,
                                              std::int64_t now_ms) const noexcept {
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return std::nullopt;
  const IndexedKey& key = *it->second.key;
  const config::Sha256& stored =
      it->second.previous ? *key.previous_secret_sha256 : key.key.secret_sha256;
  if (CRYPTO_memcmp(stored.data(), digest.data(), digest.size()) != 0) return std::nullopt;
  // The old secret of a rotation stops at the end of its grace period on every instance,
  // whether or not a reload happened since: the index carries the deadline.
  if (it->second.previous && now_ms >= key.previous_until_ms) return std::nullopt;
  return Match{&key.key, key.revoked_at_ms.has_value()};
}

const config::TeamConfig* KeyIndex::find_team(std::string_view id) const noexcept {
  auto it = teams_by_id_.find(std::string(id));
  return it == teams_by_id_.end() ? nullptr : it->second;
}

ModelAccess KeyIndex::access(std::string_view team, std::string_view model) const {
  auto it = access_.find(access_key(team, model));
  return it == access_.end() ? ModelAccess{} : it->second;
}

KeyIndexStore::KeyIndexStore()
    : current_(std::make_shared<const KeyIndex>(0, std::vector<IndexedKey>{},
                                                std::vector<config::TeamConfig>{},
                                                std::vector<AccessEntry>{})) {}

bool KeyIndexStore::replace_if_newer(std::shared_ptr<const KeyIndex> next) noexcept {
  return current_.store_if(std::move(next), [](const KeyIndex& current, const KeyIndex& candidate) {
    return candidate.generation() > current.generation();
  });
}

}  // namespace llmgw::governance
