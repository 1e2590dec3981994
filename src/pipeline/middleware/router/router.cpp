#include "pipeline/middleware/router/router.hpp"

#include <algorithm>

#include "dialects/openai/openai_errors.hpp"

namespace llmgw::pipeline {

bool key_allows_model(const config::KeyConfig& key, std::string_view model) noexcept {
  if (key.allowed_models.empty()) return true;
  return std::find(key.allowed_models.begin(), key.allowed_models.end(), model) !=
         key.allowed_models.end();
}

boost::asio::awaitable<Decision> RouterMiddleware::on_request(RequestContext& ctx) const {
  if (!ctx.endpoint) co_return Decision::next();
  const std::string& name = ctx.body.model;
  const config::ModelConfig* model = ctx.snapshot->find_model(name);
  if (model == nullptr) {
    co_return Decision::local_reply(
        Error::not_found("The model '" + dialects::openai::truncate_for_message(name) +
                             "' does not exist or you do not have access to it.",
                         "model_not_found"));
  }
  if (ctx.principal != nullptr && !key_allows_model(*ctx.principal, name)) {
    co_return Decision::local_reply(Error::permission(
        "The API key '" + ctx.principal->id + "' is not allowed to use the model '" +
            dialects::openai::truncate_for_message(name) + "'.",
        "model_not_allowed"));
  }
  ctx.model = model;
  ctx.route.clear();
  const auto& providers = ctx.config().providers;
  for (const auto& deployment : model->deployments) {
    if (providers[deployment.provider_index].enabled) ctx.route.push_back(&deployment);
  }
  if (ctx.route.empty()) {
    co_return Decision::local_reply(
        Error::unavailable("No provider is currently enabled for the model '" + name +
                           "'. An operator must configure its provider's API key."));
  }
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
