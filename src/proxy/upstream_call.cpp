#include "proxy/attempt.hpp"
#include "routing/retry_timing.hpp"

namespace llmgw::proxy {
namespace {

// Upstream error bodies are small; anything larger is not worth relaying.
constexpr std::size_t kMaxErrorBodyBytes = 64 * 1024;

}  // namespace

boost::asio::awaitable<Result<std::unique_ptr<upstream::UpstreamExchange>>> call_upstream(
    RequestContext& ctx, const AttemptInput& input, upstream::UpstreamRequest request) {
  ctx.timings.upstream_called = true;
  TimePoint sent_at = Clock::now();
  auto exchange =
      co_await input.services.upstream.send(input.provider, std::move(request), ctx.cancel);
  ctx.timings.upstream_wait += Clock::now() - sent_at;
  if (!exchange) {
    if (!ctx.cancel.emitted()) {
      input.services.metrics.upstream_error(input.provider.name, exchange.error().kind);
    }
    co_return std::move(exchange);
  }
  const int status = exchange.value()->status();
  if (status >= 200 && status < 300) co_return std::move(exchange);

  TimePoint read_at = Clock::now();
  Result<std::string> body = co_await exchange.value()->read_all(kMaxErrorBodyBytes);
  ctx.timings.upstream_wait += Clock::now() - read_at;
  input.services.metrics.upstream_error(input.provider.name, ErrorKind::upstream_status);
  Error error =
      input.adapter.map_error(status, body ? std::string_view(body.value()) : std::string_view(),
                              exchange.value()->headers());
  // Parsed here, once for every provider, for the retry policy's wait.
  if (std::optional<std::chrono::milliseconds> hint = routing::provider_retry_hint(
          exchange.value()->headers(), std::chrono::system_clock::now())) {
    error.retry_after_ms = hint->count();
  }
  co_return error;
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
