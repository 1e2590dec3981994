#include "pipeline/middleware/parse_body/parse_body.hpp"

namespace llmgw::pipeline {

boost::asio::awaitable<Decision> ParseBodyMiddleware::on_request(RequestContext& ctx) const {
  if (!is_inference(ctx.endpoint)) co_return Decision::next();
  Result<RequestBody> parsed = parse_request_body(ctx.endpoint, std::move(ctx.raw_body));
  if (!parsed) co_return Decision::fail(std::move(parsed).error());
  ctx.body = std::move(parsed).value();
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
