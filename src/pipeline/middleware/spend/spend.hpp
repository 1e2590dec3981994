#pragma once
// One spend record per inference request, after its response: tokens of every attempt, what
// they cost, who called and what answered. Handed to the spend sink (a bounded queue written
// by its own thread), never waited on.

#include "llmgw/core/wall_clock.hpp"
#include "llmgw/pipeline/middleware.hpp"
#include "llmgw/store/spend_store.hpp"

namespace llmgw::pipeline {

class SpendMiddleware final : public Middleware {
 public:
  SpendMiddleware(store::SpendSink& sink, const WallClock& clock) : sink_(sink), clock_(clock) {}

  std::string_view name() const noexcept override { return "spend"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& /*ctx*/) const override {
    co_return Decision::next();
  }
  boost::asio::awaitable<void> on_complete(RequestContext& ctx,
                                           const Outcome& outcome) const override;

 private:
  store::SpendSink& sink_;
  const WallClock& clock_;
};

/// The record of a finished request (attempts summed); `now_ms` dates its end.
store::SpendRecord spend_record(const RequestContext& ctx, const Outcome& outcome,
                                std::int64_t now_ms);

}  // namespace llmgw::pipeline
