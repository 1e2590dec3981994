#pragma once

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Decides where a request goes: public model → ordered deployments (ctx.route).
/// 404 model_not_found for unknown models, 403 when the key may not use the model,
/// 503 when every deployment's provider is disabled.
class RouterMiddleware final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "router"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;
};

}  // namespace llmgw::pipeline
