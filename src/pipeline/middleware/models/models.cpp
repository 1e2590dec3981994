#include "pipeline/middleware/models/models.hpp"

#include "llmgw/core/model_access.hpp"
#include "llmgw/core/text.hpp"
#include "pipeline/middleware/models/model_list.hpp"

namespace llmgw::pipeline {

boost::asio::awaitable<Decision> ModelsMiddleware::on_request(RequestContext& ctx) const {
  if (ctx.endpoint == Endpoint::models_list) {
    co_return Decision::respond(
        LocalReply::json(200, render_model_list(ctx.config(), ctx.principal, ctx.team)));
  }
  if (ctx.endpoint != Endpoint::model_get) co_return Decision::next();
  const config::ModelConfig* model = ctx.snapshot->find_model(ctx.model_id);
  if (model == nullptr || ctx.principal == nullptr ||
      !key_allows_model(*ctx.principal, ctx.team, model->name)) {
    co_return Decision::fail(
        Error::not_found("The model '" + truncate_for_message(ctx.model_id) +
                             "' does not exist or you do not have access to it.",
                         "model_not_found"));
  }
  co_return Decision::respond(LocalReply::json(200, render_model(*model)));
}

}  // namespace llmgw::pipeline
