#include "llmgw/config/snapshot.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace llmgw::config {
namespace {

std::string digest_key(const Sha256& digest) {
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

Snapshot::Snapshot(std::shared_ptr<const Config> config) : config_(std::move(config)) {
  for (const auto& key : config_->keys) {
    if (key.enabled) keys_by_digest_.emplace(digest_key(key.secret_sha256), &key);
  }
  for (const auto& model : config_->models) models_by_name_.emplace(model.name, &model);
}

const KeyConfig* Snapshot::find_key(const Sha256& digest) const noexcept {
  // The map is keyed by a hash of the secret, so its look-up timing reveals nothing usable
  // about the secret; the final equality check is still done in constant time.
  auto it = keys_by_digest_.find(digest_key(digest));
  if (it == keys_by_digest_.end()) return nullptr;
  const KeyConfig* key = it->second;
  if (CRYPTO_memcmp(key->secret_sha256.data(), digest.data(), digest.size()) != 0) return nullptr;
  return key;
}

const ModelConfig* Snapshot::find_model(std::string_view name) const noexcept {
  auto it = models_by_name_.find(name);
  return it == models_by_name_.end() ? nullptr : it->second;
}

Sha256 sha256(std::string_view data) noexcept {
  Sha256 out{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
  return out;
}

}  // namespace llmgw::config
