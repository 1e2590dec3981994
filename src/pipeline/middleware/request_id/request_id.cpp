#include "pipeline/middleware/request_id/request_id.hpp"

#include "llmgw/core/request_id.hpp"

namespace llmgw::pipeline {

boost::asio::awaitable<Decision> RequestIdMiddleware::on_request(RequestContext& ctx) const {
  ctx.request_id = request_id_from(ctx.client_request_id);
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
