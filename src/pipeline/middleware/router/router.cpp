#include "pipeline/middleware/router/router.hpp"

#include <algorithm>

#include "llmgw/core/model_access.hpp"
#include "llmgw/core/text.hpp"
#include "llmgw/governance/token_estimate.hpp"
#include "routing/preflight.hpp"
#include "routing/route_order.hpp"

namespace llmgw::pipeline {
namespace {

// Leaves out the deployments whose window cannot hold the request; the error when none can.
std::optional<Error> apply_preflight(RequestContext& ctx, const config::ModelConfig& model) {
  const governance::TokenEstimate estimate = governance::estimate_tokens(ctx.body.raw);
  std::erase_if(ctx.route, [&](const config::Deployment* deployment) {
    return !routing::fits(*deployment, estimate);
  });
  if (!ctx.route.empty()) return std::nullopt;
  std::int64_t largest = 0;
  for (const auto& deployment : model.deployments) {
    largest = std::max(largest, deployment.context_window);
  }
  return routing::context_length_error(estimate, largest);
}

}  // namespace

boost::asio::awaitable<Decision> RouterMiddleware::on_request(RequestContext& ctx) const {
  if (!is_inference(ctx.endpoint)) co_return Decision::next();
  const std::string& name = ctx.body.model;
  const config::ModelConfig* model = ctx.snapshot->find_model(name);
  if (model == nullptr) {
    co_return Decision::fail(
        Error::not_found("The model '" + truncate_for_message(name) +
                             "' does not exist or you do not have access to it.",
                         "model_not_found"));
  }
  if (ctx.principal != nullptr && !key_allows_model(*ctx.principal, ctx.team, name)) {
    co_return Decision::fail(Error::permission("The API key '" + ctx.principal->id +
                                                   "' is not allowed to use the model '" +
                                                   truncate_for_message(name) + "'.",
                                               "model_not_allowed"));
  }
  ctx.model = model;
  ctx.route.clear();
  const auto& providers = ctx.config().providers;
  for (const auto& deployment : model->deployments) {
    if (providers[deployment.provider_index].enabled) ctx.route.push_back(&deployment);
  }
  if (ctx.route.empty()) {
    co_return Decision::fail(
        Error::unavailable("No provider is currently enabled for the model '" + name +
                           "'. An operator must configure its provider's API key."));
  }
  if (model->preflight) {
    if (std::optional<Error> error = apply_preflight(ctx, *model)) {
      co_return Decision::fail(std::move(*error));
    }
  }
  if (!model->stateful_routing) co_return Decision::next();

  if (model->routing.breaker.enabled) {
    const TimePoint now = Clock::now();
    std::erase_if(ctx.route, [&](const config::Deployment* deployment) {
      const routing::DeploymentState* state = routing_.find(*deployment);
      return state != nullptr && !state->breaker.available(model->routing.breaker, now);
    });
    if (ctx.route.empty()) {
      co_return Decision::fail(Error::unavailable(
          "Every deployment of the model '" + name +
          "' is failing and its circuit breaker is open; retry after the cooldown."));
    }
  }
  if (ctx.route.size() > 1) routing::order_route(*model, ctx.route, routing_);
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
