#pragma once
// RPM, TPM, concurrency and budgets at every scope of the request, in one reservation:
// reserved before the call (estimated prompt tokens + the completion ceiling, and their
// estimated cost at the most expensive deployment of the route), settled after it with what
// every attempt actually consumed, so streams count from their first byte and fallbacks pay
// for each attempt. Denials are 429s in the client's dialect with Retry-After; admitted
// requests carry OpenAI's x-ratelimit-* headers for the tightest scope.

#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/pipeline/middleware.hpp"
#include "llmgw/store/counter_store.hpp"

namespace llmgw::pipeline {

class LimitsMiddleware final : public Middleware {
 public:
  /// `store` is shared by every worker (memory) or this worker's own (Redis); both outlive
  /// the chain.
  LimitsMiddleware(store::CounterStore& store, observability::Metrics& metrics,
                   observability::AppLog& log)
      : store_(store), metrics_(metrics), log_(log) {}

  std::string_view name() const noexcept override { return "limits"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;
  boost::asio::awaitable<void> on_complete(RequestContext& ctx,
                                           const Outcome& outcome) const override;

 private:
  store::CounterStore& store_;
  observability::Metrics& metrics_;
  observability::AppLog& log_;
};

/// Tokens and cost every attempt of a finished request consumed, as the reservation is
/// settled with them: tokens -1 when an answered attempt's usage is unknown (a stream cut
/// short: the estimate stays), cost -1 when any attempt's cost is unknown.
struct Consumed {
  std::int64_t tokens = 0;
  std::int64_t cost_pico = 0;
};
Consumed consumed_by(const RequestContext& ctx) noexcept;

}  // namespace llmgw::pipeline
