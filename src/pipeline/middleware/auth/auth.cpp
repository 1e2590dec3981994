#include "pipeline/middleware/auth/auth.hpp"

#include <openssl/crypto.h>

namespace llmgw::pipeline {

Error missing_or_invalid_key_error(bool presented) {
  return Error::authentication(
      presented ? "Incorrect API key provided. Check the key configured for this gateway."
                : "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or "
                  "'x-api-key: <key>'.");
}

boost::asio::awaitable<Decision> AuthMiddleware::on_request(RequestContext& ctx) const {
  const bool presented = !ctx.presented_key.empty();
  const config::KeyConfig* key = nullptr;
  if (presented) {
    key = ctx.snapshot->find_key(config::sha256(ctx.presented_key));
    OPENSSL_cleanse(ctx.presented_key.data(), ctx.presented_key.size());
    ctx.presented_key.clear();
  }
  if (key == nullptr) co_return Decision::fail(missing_or_invalid_key_error(presented));
  ctx.principal = key;
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
