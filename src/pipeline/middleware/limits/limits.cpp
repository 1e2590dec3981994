#include "pipeline/middleware/limits/limits.hpp"

#include <algorithm>
#include <array>

#include "llmgw/governance/cost.hpp"
#include "llmgw/governance/money.hpp"
#include "llmgw/governance/token_estimate.hpp"
#include "pipeline/middleware/limits/limit_replies.hpp"
#include "pipeline/middleware/limits/request_scopes.hpp"

namespace llmgw::pipeline {

namespace {

// Completion ceiling reserved when the client sets none (most chat requests): the model's
// default_max_tokens when configured, else this. Settle corrects it either way.
constexpr std::int64_t kDefaultReservedCompletion = 1024;

class Reserved final : public StageState {
 public:
  explicit Reserved(store::Reservation reservation) : reservation(std::move(reservation)) {}
  store::Reservation reservation;
};

// The most any deployment of the route could charge for the estimate: a budget must hold
// whichever deployment ends up answering.
std::int64_t estimated_cost(const RequestContext& ctx, std::int64_t prompt,
                            std::int64_t completion) {
  Usage usage;
  usage.prompt_tokens = prompt;
  usage.completion_tokens = completion;
  usage.total_tokens = prompt + completion;
  std::int64_t most = 0;
  for (const config::Deployment* deployment : ctx.route) {
    if (const governance::ModelPrice* price = ctx.snapshot->price_of(*deployment)) {
      most = std::max(most, governance::compute_cost(usage, *price).pico_usd);
    }
  }
  return most;
}

}  // namespace

Consumed consumed_by(const RequestContext& ctx) noexcept {
  Consumed consumed;
  for (const AttemptRecord& attempt : ctx.attempts) {
    if (attempt.usage) {
      if (consumed.tokens >= 0) consumed.tokens += attempt.usage->total_tokens;
    } else if (!attempt.error) {
      consumed.tokens = -1;  // Answered, usage never arrived.
    }
    if (!attempt.cost) {
      consumed.cost_pico = -1;
    } else if (consumed.cost_pico >= 0) {
      bool saturated = false;
      consumed.cost_pico =
          governance::add_pico_usd(consumed.cost_pico, attempt.cost->pico_usd, saturated);
    }
  }
  return consumed;
}

boost::asio::awaitable<Decision> LimitsMiddleware::on_request(RequestContext& ctx) const {
  if (!is_inference(ctx.endpoint)) co_return Decision::next();
  const RequestScopes scopes = scopes_for(ctx);
  if (scopes.empty()) co_return Decision::next();

  store::ReserveRequest request{scopes.view(), 0, 0};
  if (scopes.any_tpm || scopes.any_budget) {
    const governance::TokenEstimate estimate = governance::estimate_tokens(ctx.body.raw);
    const std::int64_t default_completion =
        ctx.model != nullptr && ctx.model->default_max_tokens > 0 ? ctx.model->default_max_tokens
                                                                  : kDefaultReservedCompletion;
    request.tokens = governance::tokens_to_reserve(estimate, default_completion);
    if (scopes.any_budget) {
      request.cost = estimated_cost(ctx, estimate.prompt, request.tokens - estimate.prompt);
    }
  }
  store::ReserveResult result;
  if (!store_.reserve_at_once(request, result)) result = co_await store_.reserve(request);
  add_rate_limit_headers(result, ctx.formatted_headers);
  switch (result.status) {
    case store::ReserveStatus::admitted:
      ctx.limits_state = std::make_unique<Reserved>(std::move(result.reservation));
      co_return Decision::next();
    case store::ReserveStatus::denied: {
      const store::ScopeCheck& denied = scopes.items[result.denial.scope_index];
      metrics_.limit_denied(governance::to_string(denied.scope.kind),
                            store::to_string(result.denial.reason));
      co_return Decision::fail(denial_error(denied, result.denial, request));
    }
    case store::ReserveStatus::unavailable: break;
  }
  const bool open = ctx.config().state.redis.on_failure == config::FailMode::open;
  metrics_.state_unavailable(open ? "fail_open" : "fail_closed");
  if (open) co_return Decision::next();
  co_return Decision::fail(Error::unavailable(
      "The gateway cannot check rate limits and budgets right now. Retry shortly."));
}

boost::asio::awaitable<void> LimitsMiddleware::on_complete(RequestContext& ctx,
                                                           const Outcome& /*outcome*/) const {
  auto* reserved = static_cast<Reserved*>(ctx.limits_state.get());
  if (reserved == nullptr) co_return;
  const Consumed consumed = consumed_by(ctx);
  // Read after the settle for the threshold events: a consumed reservation keeps its slots.
  const auto slots = reserved->reservation.slots();
  store::SettleResult settled;
  if (!store_.settle_at_once(reserved->reservation, consumed.tokens, consumed.cost_pico, settled)) {
    settled = co_await store_.settle(reserved->reservation, consumed.tokens, consumed.cost_pico);
  }
  if (settled.status == store::SettleStatus::unavailable) {
    metrics_.state_unavailable("settle_deferred");
  }
  for (const store::ThresholdCrossing& crossing : settled.crossings()) {
    const governance::ScopeRef& scope = slots[crossing.slot_index].scope;
    metrics_.budget_threshold(governance::to_string(scope.kind), crossing.percent);
    log_.warn("budget threshold reached", {{"scope", governance::to_string(scope.kind)},
                                           {"id", scope.id},
                                           {"percent", crossing.percent},
                                           {"spent_usd", governance::format_usd(crossing.spent)},
                                           {"budget_usd", governance::format_usd(crossing.amount)},
                                           {"request_id", ctx.request_id}});
  }
}

}  // namespace llmgw::pipeline
