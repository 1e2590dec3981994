#include "pipeline/middleware/spend/spend.hpp"

#include "llmgw/governance/money.hpp"

namespace llmgw::pipeline {

store::SpendRecord spend_record(const RequestContext& ctx, const Outcome& outcome,
                                std::int64_t now_ms) {
  store::SpendRecord record;
  record.request_id = ctx.request_id;
  if (ctx.principal != nullptr) record.key_id = ctx.principal->id;
  if (ctx.team != nullptr) record.team_id = ctx.team->id;
  if (ctx.model != nullptr) record.model = ctx.model->name;
  if (ctx.deployment != nullptr) {
    record.deployment = ctx.deployment->provider + "/" + ctx.deployment->upstream_model;
    record.provider = ctx.deployment->provider;
  }
  record.endpoint = ctx.path;
  std::optional<std::int64_t> cost = 0;
  bool saturated = false;
  for (const AttemptRecord& attempt : ctx.attempts) {
    if (attempt.usage) {
      record.input_tokens += attempt.usage->prompt_tokens;
      record.output_tokens += attempt.usage->completion_tokens;
      record.cached_tokens += attempt.usage->cached_tokens;
      record.cache_write_tokens += attempt.usage->cache_write_tokens;
      record.reasoning_tokens += attempt.usage->reasoning_tokens;
    }
    if (!attempt.cost) {
      cost.reset();
    } else if (cost) {
      cost = governance::add_pico_usd(*cost, attempt.cost->pico_usd, saturated);
    }
  }
  record.cost_pico = cost;
  const auto latency = Clock::now() - ctx.timings.start;
  record.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(latency).count();
  record.status = outcome.status;
  record.started_at_ms = now_ms - record.latency_ms;
  return record;
}

boost::asio::awaitable<void> SpendMiddleware::on_complete(RequestContext& ctx,
                                                          const Outcome& outcome) const {
  // Requests that never reached a provider consumed nothing: no row for a 401 or a 429.
  if (!is_inference(ctx.endpoint) || ctx.attempts.empty()) co_return;
  sink_.submit(spend_record(ctx, outcome, clock_.now_ms()));
  co_return;
}

}  // namespace llmgw::pipeline
