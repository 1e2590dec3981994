#include "llmgw/pipeline/chain.hpp"

#include "pipeline/middleware/auth/auth.hpp"
#include "pipeline/middleware/parse_body/parse_body.hpp"
#include "pipeline/middleware/request_id/request_id.hpp"
#include "pipeline/middleware/router/router.hpp"

namespace llmgw::pipeline {

Chain::Chain(std::vector<std::unique_ptr<Middleware>> stages) : stages_(std::move(stages)) {}

boost::asio::awaitable<std::optional<Error>> Chain::run(RequestContext& ctx,
                                                        std::size_t& ran) const {
  ran = 0;
  for (const auto& stage : stages_) {
    ++ran;
    Decision decision = co_await stage->on_request(ctx);
    if (!decision.proceeds()) co_return std::move(decision.reply);
  }
  co_return std::nullopt;
}

void Chain::complete(RequestContext& ctx, const Outcome& outcome, std::size_t ran) const noexcept {
  for (std::size_t i = ran; i > 0; --i) stages_[i - 1]->on_complete(ctx, outcome);
}

Chain make_default_chain() {
  std::vector<std::unique_ptr<Middleware>> stages;
  stages.push_back(std::make_unique<RequestIdMiddleware>());
  stages.push_back(std::make_unique<AuthMiddleware>());
  stages.push_back(std::make_unique<ParseBodyMiddleware>());
  stages.push_back(std::make_unique<RouterMiddleware>());
  return Chain(std::move(stages));
}

}  // namespace llmgw::pipeline
