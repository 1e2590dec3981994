#include "proxy/proxy.hpp"

#include "llmgw/pipeline/reply.hpp"
#include "proxy/attempt.hpp"
#include "proxy/attempt_cost.hpp"

namespace llmgw::proxy {
namespace {

bool may_try_next(const Error& error, std::size_t attempt, std::size_t attempts) {
  return error.retryable && attempt + 1 < attempts;
}

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

}  // namespace

Outcome client_gone(RequestContext& ctx) {
  ctx.client_disconnected = true;
  return Outcome{499, Error::invalid_request("client closed the connection")};
}

boost::asio::awaitable<Outcome> Proxy::forward(RequestContext& ctx, server::ResponseWriter& writer,
                                               const pipeline::Chain* events) {
  writer.watch_disconnect(ctx.cancel);
  std::optional<Error> last_failure;
  const std::size_t attempts = ctx.route.size();
  std::optional<Outcome> outcome;
  for (std::size_t i = 0; i < attempts && !outcome; ++i) {
    const config::Deployment& deployment = *ctx.route[i];
    ctx.deployment = &deployment;
    const config::ProviderConfig& provider = ctx.config().providers[deployment.provider_index];
    const AttemptInput input{deployment, provider, services_.providers.for_kind(provider.kind),
                             services_, events};
    const TimePoint start = Clock::now();
    AttemptResult result = co_await attempt_once(ctx, writer, input);
    record_attempt(ctx, deployment, start, result);
    if (result.outcome) {
      outcome = std::move(result.outcome);
    } else {
      last_failure = std::move(result.failure);
      if (!may_try_next(*last_failure, i, attempts)) break;
    }
  }
  writer.stop_watching();
  if (outcome) co_return std::move(*outcome);
  if (ctx.cancel.emitted()) co_return client_gone(ctx);
  co_return co_await pipeline::send_error(ctx, writer, *last_failure);
}

}  // namespace llmgw::proxy
