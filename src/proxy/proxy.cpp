#include "proxy/proxy.hpp"

#include "dialects/openai/openai_errors.hpp"
#include "proxy/attempt.hpp"

namespace llmgw::proxy {
namespace {

// Upstream error bodies are small; anything larger is not worth relaying.
constexpr std::size_t kMaxErrorBodyBytes = 64 * 1024;

bool may_try_next(const Error& error, std::size_t attempt, std::size_t attempts) {
  return error.retryable && attempt + 1 < attempts;
}

boost::asio::awaitable<AttemptResult> attempt_one(RequestContext& ctx,
                                                  server::ResponseWriter& writer,
                                                  const config::Deployment& deployment,
                                                  ProxyServices services) {
  const config::ProviderConfig& provider = ctx.config().providers[deployment.provider_index];
  const providers::ProviderAdapter& adapter = providers::adapter_for(provider.kind);
  Result<providers::EncodedRequest> encoded =
      adapter.encode({*ctx.endpoint, ctx.body, deployment, provider, ctx.headers});
  if (!encoded) {
    // Awaited into a local first: GCC 12 destroys temporaries too early when co_await
    // appears inside a braced initializer.
    Outcome rejected = co_await reply_error(ctx, writer, encoded.error());
    co_return AttemptResult{std::move(rejected), {}};
  }

  ctx.timings.upstream_called = true;
  TimePoint sent_at = Clock::now();
  auto exchange =
      co_await services.upstream.send(provider, std::move(encoded->request), ctx.cancel);
  ctx.timings.upstream_wait += Clock::now() - sent_at;
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!exchange) {
    services.metrics.upstream_error(provider.name, exchange.error().kind);
    co_return AttemptResult{{}, std::move(exchange).error()};
  }

  upstream::UpstreamExchange& response = *exchange.value();
  if (response.status() < 200 || response.status() >= 300) {
    TimePoint read_at = Clock::now();
    Result<std::string> body = co_await response.read_all(kMaxErrorBodyBytes);
    ctx.timings.upstream_wait += Clock::now() - read_at;
    services.metrics.upstream_error(provider.name, ErrorKind::upstream_status);
    co_return AttemptResult{
        {},
        adapter.map_error(response.status(), body ? std::string_view(body.value()) : "",
                          response.headers())};
  }
  if (ctx.body.stream) {
    co_return co_await relay_stream(ctx, writer, adapter, encoded.value(), response);
  }
  co_return co_await relay_whole(ctx, writer, adapter, provider, response);
}

}  // namespace

Outcome client_gone(RequestContext& ctx) {
  ctx.client_disconnected = true;
  return Outcome{499, Error::invalid_request("client closed the connection")};
}

boost::asio::awaitable<Outcome> reply_error(RequestContext& ctx, server::ResponseWriter& writer,
                                            Error error) {
  int status = error.http_status;
  std::string body = to_openai_json(error);
  bool delivered = co_await writer.send(status, "application/json", std::move(body),
                                        dialects::openai::error_headers(error, ctx.request_id));
  if (!delivered) ctx.client_disconnected = true;
  co_return Outcome{status, std::move(error)};
}

boost::asio::awaitable<Outcome> forward(RequestContext& ctx, server::ResponseWriter& writer,
                                        ProxyServices services) {
  writer.watch_disconnect(ctx.cancel);
  std::optional<Error> last_failure;
  const std::size_t attempts = ctx.route.size();
  std::optional<Outcome> outcome;
  for (std::size_t i = 0; i < attempts && !outcome; ++i) {
    ctx.deployment = ctx.route[i];
    AttemptResult result = co_await attempt_one(ctx, writer, *ctx.route[i], services);
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
  co_return co_await reply_error(ctx, writer, std::move(*last_failure));
}

}  // namespace llmgw::proxy
