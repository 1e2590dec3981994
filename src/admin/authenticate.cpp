#include "admin/authenticate.hpp"

#include <openssl/crypto.h>

namespace llmgw::admin {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view presented_secret(const Headers& headers) {
  constexpr std::string_view kBearer = "bearer ";
  std::string_view authorization = find_header(headers, "authorization");
  if (authorization.size() > kBearer.size() &&
      iequals(authorization.substr(0, kBearer.size()), kBearer)) {
    return trim(authorization.substr(kBearer.size()));
  }
  return trim(find_header(headers, "x-api-key"));
}

Result<Caller> as_team_admin(const config::KeyConfig& key, std::int64_t now_ms) {
  if (key.expires_at != 0 && now_ms / 1000 >= key.expires_at) {
    return Error::authentication("The API key '" + key.id + "' has expired.");
  }
  if (key.role != config::KeyRole::team_admin || key.team.empty()) return not_admin_error(key.id);
  return Caller{Caller::Kind::team_admin, key.id, key.team};
}

}  // namespace

Result<Caller> authenticate(const Headers& headers, const config::Snapshot& snapshot,
                            const governance::KeyIndex& api_keys, std::int64_t now_ms) {
  const std::string_view secret = presented_secret(headers);
  if (secret.empty()) return admin_unauthenticated_error(false);
  const config::Sha256 digest = config::sha256(secret);
  const config::AdminConfig& admin = snapshot.config().admin;
  if (admin.key_enabled &&
      CRYPTO_memcmp(admin.key_sha256.data(), digest.data(), digest.size()) == 0) {
    return Caller{Caller::Kind::platform_admin, "admin", {}};
  }
  if (const config::KeyConfig* key = snapshot.find_key(digest)) return as_team_admin(*key, now_ms);
  if (auto match = api_keys.find(digest, now_ms)) {
    if (match->revoked) {
      return Error::authentication("The API key '" + match->key->id + "' has been revoked.");
    }
    return as_team_admin(*match->key, now_ms);
  }
  return admin_unauthenticated_error(true);
}

}  // namespace llmgw::admin
