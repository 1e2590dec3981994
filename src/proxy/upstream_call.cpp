#include "proxy/attempt.hpp"

namespace llmgw::proxy {
namespace {

// Upstream error bodies are small; anything larger is not worth relaying.
constexpr std::size_t kMaxErrorBodyBytes = 64 * 1024;

}  // namespace

boost::asio::awaitable<UpstreamCall> call_upstream(RequestContext& ctx, const AttemptInput& input,
                                                   upstream::UpstreamRequest request) {
  UpstreamCall call;
  ctx.timings.upstream_called = true;
  TimePoint sent_at = Clock::now();
  auto exchange =
      co_await input.services.upstream.send(input.provider, std::move(request), ctx.cancel);
  ctx.timings.upstream_wait += Clock::now() - sent_at;
  if (ctx.cancel.emitted()) {
    call.done = AttemptResult{client_gone(ctx), {}};
    co_return call;
  }
  if (!exchange) {
    input.services.metrics.upstream_error(input.provider.name, exchange.error().kind);
    call.done = AttemptResult{{}, std::move(exchange).error()};
    co_return call;
  }
  call.exchange = std::move(exchange).value();
  const int status = call.exchange->status();
  if (status >= 200 && status < 300) co_return call;

  TimePoint read_at = Clock::now();
  Result<std::string> body = co_await call.exchange->read_all(kMaxErrorBodyBytes);
  ctx.timings.upstream_wait += Clock::now() - read_at;
  input.services.metrics.upstream_error(input.provider.name, ErrorKind::upstream_status);
  call.done = AttemptResult{
      {},
      input.adapter.map_error(status, body ? std::string_view(body.value()) : std::string_view(),
                              call.exchange->headers())};
  co_return call;
}

boost::asio::awaitable<Result<std::string>> read_whole_body(RequestContext& ctx,
                                                            const AttemptInput& input,
                                                            upstream::UpstreamExchange& exchange) {
  TimePoint start = Clock::now();
  Result<std::string> body = co_await exchange.read_all(input.provider.max_response_bytes);
  ctx.timings.upstream_wait += Clock::now() - start;
  co_return body;
}

}  // namespace llmgw::proxy
