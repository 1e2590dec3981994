#pragma once

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Resolves the presented gateway key to a configured virtual key (401 otherwise).
/// Only SHA-256 digests are stored; the presented secret is wiped from the context.
class AuthMiddleware final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "auth"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;
};

/// The 401 for a request without a usable key; never echoes what was presented.
Error missing_or_invalid_key_error(bool presented);

}  // namespace llmgw::pipeline
