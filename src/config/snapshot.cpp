#include "llmgw/config/snapshot.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>
#include <memory>

namespace llmgw::config {

std::size_t Snapshot::DigestHash::operator()(const Sha256& digest) const noexcept {
  // The digest is already uniformly distributed: any 8 of its bytes make a good hash.
  std::size_t hash = 0;
  std::memcpy(&hash, digest.data(), sizeof hash);
  return hash;
}

Snapshot::Snapshot(std::shared_ptr<const Config> config)
    : config_(std::move(config)), prices_(config_->pricing) {
  for (const auto& key : config_->keys) {
    if (key.enabled) keys_by_digest_.emplace(key.secret_sha256, &key);
  }
  for (const auto& model : config_->models) {
    models_by_name_.emplace(model.name, &model);
    for (const auto& deployment : model.deployments) {
      if (deployment.provider_index >= config_->providers.size()) continue;  // Not validated.
      auto found =
          prices_.find(config_->providers[deployment.provider_index], deployment.upstream_model);
      deployment_prices_.emplace(&deployment, found ? found->price : nullptr);
    }
  }
  for (const auto& team : config_->teams) teams_by_id_.emplace(team.id, &team);
  if (config_->unauthenticated.enabled) {
    // Requests without a key are a key of the team with no limits of its own: the team's
    // limits, budget and models apply to all of them together.
    KeyConfig& key = unauthenticated_key_.emplace();
    key.id = "unauthenticated";
    key.team = config_->unauthenticated.team;
  }
}

const TeamConfig* Snapshot::find_team(std::string_view id) const noexcept {
  auto it = teams_by_id_.find(id);
  return it == teams_by_id_.end() ? nullptr : it->second;
}

const governance::ModelPrice* Snapshot::price_of(const Deployment& deployment) const noexcept {
  auto it = deployment_prices_.find(&deployment);
  return it == deployment_prices_.end() ? nullptr : it->second;
}

const KeyConfig* Snapshot::find_key(const Sha256& digest) const noexcept {
  // The map is keyed by a hash of the secret, so its look-up timing reveals nothing usable
  // about the secret; the final equality check is still done in constant time.
  auto it = keys_by_digest_.find(digest);
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
  // Every request hashes the key it presents. OpenSSL 3's one-shot SHA256() looks the
  // algorithm up by name each time (a locked provider query with string copies), which cost
  // several times the hash itself; the algorithm is fetched once and a context kept per thread.
  static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  Sha256 out{};
  unsigned int size = 0;
  const bool hashed = algorithm != nullptr && context != nullptr &&
                      EVP_DigestInit_ex2(context.get(), algorithm, nullptr) == 1 &&
                      EVP_DigestUpdate(context.get(), data.data(), data.size()) == 1 &&
                      EVP_DigestFinal_ex(context.get(), out.data(), &size) == 1 &&
                      size == out.size();
  if (!hashed) SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
  return out;
}

}  // namespace llmgw::config
