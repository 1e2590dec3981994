#pragma once

#include "llmgw/pipeline/middleware.hpp"
#include "routing/worker_routing.hpp"

namespace llmgw::pipeline {

/// Decides where a request goes: public model → the deployments to try, in order
/// (ctx.route): enabled ones, minus those whose context window cannot hold the request and
/// those whose circuit breaker is open, ordered by the model's strategy within priority
/// tiers. 404 model_not_found for unknown models, 403 when the key may not use the model,
/// 400 context_length_exceeded when no deployment's window fits, 503 when every deployment
/// is disabled or open.
class RouterMiddleware final : public Middleware {
 public:
  /// `routing` is this worker's routing state (the chain is built per worker).
  explicit RouterMiddleware(routing::WorkerRouting& routing) noexcept : routing_(routing) {}

  std::string_view name() const noexcept override { return "router"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;

 private:
  routing::WorkerRouting& routing_;
};

}  // namespace llmgw::pipeline
