#include "pipeline/middleware/auth/auth.hpp"

#include <openssl/crypto.h>

#include <ctime>

namespace llmgw::pipeline {

namespace {

std::string format_utc(std::int64_t unix_seconds) {
  const std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, size);
}

}  // namespace

Error missing_or_invalid_key_error(bool presented) {
  return Error::authentication(
      presented ? "Incorrect API key provided. Check the key configured for this gateway."
                : "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or "
                  "'x-api-key: <key>'.");
}

Error expired_key_error(const config::KeyConfig& key) {
  return Error::authentication("The API key '" + key.id + "' expired at " +
                               format_utc(key.expires_at) + ". Ask for a new key.");
}

Error revoked_key_error(const config::KeyConfig& key) {
  return Error::authentication("The API key '" + key.id + "' has been revoked. Ask for a new key.");
}

boost::asio::awaitable<Decision> AuthMiddleware::on_request(RequestContext& ctx) const {
  const bool presented = !ctx.presented_key.empty();
  const config::KeyConfig* key = nullptr;
  if (presented) {
    const config::Sha256 digest = config::sha256(ctx.presented_key);
    OPENSSL_cleanse(ctx.presented_key.data(), ctx.presented_key.size());
    ctx.presented_key.clear();
    key = ctx.snapshot->find_key(digest);
    if (key == nullptr && api_keys_ != nullptr) {
      auto index = api_keys_->current();
      if (auto match = index->find(digest, clock_.now_ms())) {
        if (match->revoked) co_return Decision::fail(revoked_key_error(*match->key));
        key = match->key;
        ctx.key_index = std::move(index);
      }
    }
  } else {
    key = ctx.snapshot->unauthenticated_key();
  }
  if (key == nullptr) co_return Decision::fail(missing_or_invalid_key_error(presented));
  if (key->expires_at != 0 && clock_.now_ms() / 1000 >= key->expires_at) {
    co_return Decision::fail(expired_key_error(*key));
  }
  ctx.principal = key;
  if (!key->team.empty()) {
    ctx.team = ctx.snapshot->find_team(key->team);
    // An API key may belong to a team created through the API too.
    if (ctx.team == nullptr && ctx.key_index != nullptr) {
      ctx.team = ctx.key_index->find_team(key->team);
    }
  }
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
