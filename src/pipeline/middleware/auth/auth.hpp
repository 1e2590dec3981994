#pragma once

#include "llmgw/core/wall_clock.hpp"
#include "llmgw/governance/key_index.hpp"
#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Resolves the presented gateway key to a configured virtual key and its team (401
/// otherwise: unknown, disabled or expired). Only SHA-256 digests are stored; the presented
/// secret is wiped from the context. Without a key, the request is the unauthenticated key
/// when that mode is on (auth.unauthenticated, loopback-only). Keys created through the admin
/// API are found in `api_keys` (null without an embedded store) after the config's.
class AuthMiddleware final : public Middleware {
 public:
  explicit AuthMiddleware(const WallClock& clock,
                          const governance::KeyIndexStore* api_keys = nullptr)
      : clock_(clock), api_keys_(api_keys) {}
  std::string_view name() const noexcept override { return "auth"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;

 private:
  const WallClock& clock_;
  const governance::KeyIndexStore* api_keys_;
};

/// The 401 for a request without a usable key; never echoes what was presented.
Error missing_or_invalid_key_error(bool presented);

/// The 401 for a revoked API key; names the key id (never its secret).
Error revoked_key_error(const config::KeyConfig& key);

/// The 401 for a key past its `expires` time; names the key id (never its secret).
Error expired_key_error(const config::KeyConfig& key);

}  // namespace llmgw::pipeline
