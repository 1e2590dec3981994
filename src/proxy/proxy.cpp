#include "proxy/proxy.hpp"

#include <string>

#include "llmgw/pipeline/reply.hpp"
#include "proxy/attempt.hpp"
#include "proxy/attempt_cost.hpp"
#include "proxy/retry_wait.hpp"
#include "routing/retry_class.hpp"
#include "routing/retry_timing.hpp"

namespace llmgw::proxy {
namespace {

// Awaited into locals by the caller: GCC 12 mishandles co_await in braced initialisers.
boost::asio::awaitable<AttemptResult> attempt_once(RequestContext& ctx,
                                                   server::ResponseWriter& writer,
                                                   const AttemptInput& input) {
  if (ctx.may_take_fast_path(input.adapter.native_dialect())) {
    co_return co_await attempt_native(ctx, writer, input);
  }
  co_return co_await attempt_translated(ctx, writer, input);
}

void record_attempt(RequestContext& ctx, const config::Deployment& deployment, TimePoint start,
                    const AttemptResult& result) {
  AttemptRecord& record = ctx.attempts.emplace_back();
  record.deployment = &deployment;
  record.start = start;
  record.end = Clock::now();
  if (result.outcome) {
    record.status = result.outcome->status;
    if (result.outcome->error) record.error = result.outcome->error->kind;
    record.usage = ctx.usage;
    record.cost = delivered_cost(ctx, deployment);
  } else if (result.failure) {
    record.status = result.failure->http_status;
    record.error = result.failure->kind;
    record.cost = governance::Cost{};  // Failed before an answer: nothing was billed.
  }
}

// Whether `wait` from now still ends inside the request's total deadline (routing.timeout).
bool within_deadline(const RequestContext& ctx, Clock::duration wait) {
  const config::Millis total = ctx.model->routing.timeout;
  return total.count() == 0 || Clock::now() + wait <= ctx.timings.start + total;
}

void report_to_breaker(routing::WorkerRouting& routing, routing::DeploymentState& state,
                       const RequestContext& ctx, const config::Deployment& deployment,
                       const AttemptResult& result) {
  const config::BreakerPolicy& policy = ctx.model->routing.breaker;
  if (ctx.cancel.emitted()) {
    state.breaker.on_abandoned();
    return;
  }
  const Error* error = result.failure                            ? &*result.failure
                       : result.outcome && result.outcome->error ? &*result.outcome->error
                                                                 : nullptr;
  const bool failed = error != nullptr && routing::is_breaker_failure(routing::classify(*error));
  const TimePoint now = Clock::now();
  const std::optional<routing::BreakerState> changed =
      failed ? state.breaker.on_failure(policy, now) : state.breaker.on_success(policy, now);
  if (changed) routing.breaker_changed(*ctx.model, deployment, *changed);
}

// Another try on the same deployment: the failure's class is retried by the policy, the
// wait (the provider's hint or backoff) fits the deadline and the deployment's budget has a
// token. nullopt: move on.
std::optional<config::Millis> plan_retry(routing::WorkerRouting& routing,
                                         routing::DeploymentState& state, const RequestContext& ctx,
                                         const Error& failure, unsigned retry) {
  const config::RetryPolicy& policy = ctx.model->routing.retry;
  if (retry >= policy.max_retries) return std::nullopt;
  if (!routing::retries(policy.on, routing::classify(failure))) return std::nullopt;
  std::optional<config::Millis> hint;
  if (failure.retry_after_ms >= 0) hint = config::Millis(failure.retry_after_ms);
  std::optional<config::Millis> wait = routing::retry_wait(policy, retry, hint, routing.rng());
  if (!wait || !within_deadline(ctx, *wait)) return std::nullopt;
  if (!state.budget.try_withdraw(policy)) return std::nullopt;
  return wait;
}

// Names the deployment in ctx (for the route headers of whichever head answers) and gathers
// what the attempt needs.
AttemptInput begin_attempt(RequestContext& ctx, const ProxyServices& services,
                           const config::Deployment& deployment, const pipeline::Chain* events) {
  const config::ProviderConfig& provider = ctx.config().providers[deployment.provider_index];
  ctx.deployment = &deployment;
  return AttemptInput{deployment, provider, services.providers.for_kind(provider.kind), services,
                      events};
}

Error breaker_open(const config::Deployment& deployment) {
  return Error::unavailable("deployment '" + deployment.id + "' is unavailable (circuit open)");
}

}  // namespace

Outcome client_gone(RequestContext& ctx) {
  ctx.client_disconnected = true;
  return Outcome{499, Error::invalid_request("client closed the connection")};
}

boost::asio::awaitable<AttemptResult> Proxy::try_deployment(RequestContext& ctx,
                                                            server::ResponseWriter& writer,
                                                            const pipeline::Chain* events,
                                                            const config::Deployment& deployment) {
  routing::WorkerRouting& routing = *services_.routing;
  routing::DeploymentState& state = routing.state(deployment);
  const config::RoutingConfig& policy = ctx.model->routing;
  state.budget.deposit(policy.retry);

  for (unsigned retry = 0;; ++retry) {
    if (policy.breaker.enabled) {
      std::optional<routing::BreakerState> changed;
      const bool admitted = state.breaker.admit(policy.breaker, Clock::now(), changed);
      if (changed) routing.breaker_changed(*ctx.model, deployment, *changed);
      if (!admitted) co_return AttemptResult{{}, breaker_open(deployment)};
    }
    const AttemptInput input = begin_attempt(ctx, services_, deployment, events);
    const TimePoint start = Clock::now();
    ++state.in_flight;
    AttemptResult result = co_await attempt_once(ctx, writer, input);
    --state.in_flight;
    record_attempt(ctx, deployment, start, result);
    if (policy.breaker.enabled) report_to_breaker(routing, state, ctx, deployment, result);
    if (result.outcome || ctx.cancel.emitted()) co_return result;

    const std::optional<config::Millis> wait =
        plan_retry(routing, state, ctx, *result.failure, retry);
    if (!wait) co_return result;
    services_.metrics.retry(ctx.model->name, deployment.id,
                            routing::to_string(routing::classify(*result.failure)));
    const bool waited = co_await wait_before_retry(ctx.cancel, *wait);
    if (!waited) co_return AttemptResult{client_gone(ctx), {}};
  }
}

boost::asio::awaitable<Outcome> Proxy::forward(RequestContext& ctx, server::ResponseWriter& writer,
                                               const pipeline::Chain* events) {
  writer.watch_disconnect(ctx.cancel);
  std::optional<Error> last_failure;
  std::optional<Outcome> outcome;
  // A deployment said the prompt exceeds its window: the ones no larger are skipped too.
  std::int64_t exceeded_window = -1;
  const std::size_t planned = ctx.route.size();
  // Models without retries, breakers or a strategy stay on the plain walk: no state look-up.
  const bool stateful =
      ctx.model != nullptr && ctx.model->stateful_routing && services_.routing != nullptr;
  for (std::size_t i = 0; i < planned && !outcome; ++i) {
    const config::Deployment& deployment = *ctx.route[i];
    if (exceeded_window >= 0 && deployment.context_window > 0 &&
        deployment.context_window <= exceeded_window) {
      continue;
    }
    if (last_failure && ctx.model != nullptr && !within_deadline(ctx, Clock::duration::zero())) {
      break;
    }
    ctx.fallback = i > 0;
    AttemptResult result;
    if (stateful) {
      result = co_await try_deployment(ctx, writer, events, deployment);
    } else {
      const AttemptInput input = begin_attempt(ctx, services_, deployment, events);
      const TimePoint start = Clock::now();
      result = co_await attempt_once(ctx, writer, input);
      record_attempt(ctx, deployment, start, result);
    }
    if (result.outcome) {
      outcome = std::move(result.outcome);
      break;
    }
    last_failure = std::move(result.failure);
    if (ctx.cancel.emitted()) break;
    if (routing::is_context_length_exceeded(*last_failure)) {
      exceeded_window = std::max<std::int64_t>(0, deployment.context_window);
    } else if (!last_failure->retryable) {
      break;
    }
  }
  writer.stop_watching();
  if (ctx.fallback && ctx.model != nullptr) services_.metrics.fallback(ctx.model->name);
  if (outcome) co_return std::move(*outcome);
  if (ctx.cancel.emitted()) co_return client_gone(ctx);
  if (!last_failure) last_failure = Error::internal("no deployment could be tried");
  add_route_headers(ctx, ctx.attempts.size());  // Every attempt is recorded by now.
  co_return co_await pipeline::send_error(ctx, writer, *last_failure);
}

}  // namespace llmgw::proxy
