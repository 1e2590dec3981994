#include "pipeline/middleware/router/router.hpp"

#include "llmgw/core/model_access.hpp"
#include "llmgw/core/text.hpp"

namespace llmgw::pipeline {

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
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
