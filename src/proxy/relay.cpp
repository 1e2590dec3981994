#include "llmgw/dialects/client_dialect.hpp"
#include "llmgw/pipeline/reply.hpp"
#include "proxy/attempt.hpp"
#include "proxy/attempt_cost.hpp"

namespace llmgw::proxy {
namespace {

// After the terminal event the body normally ends at once; reading that end lets the
// upstream connection go back to the pool. Anything more is not worth waiting for.
constexpr int kMaxReadsAfterDone = 4;

// The head's extra headers: x-request-id first, then the stages' headers (a limited key's
// six x-ratelimit-* among them), completed in place rather than copied, and the route
// headers of the attempt under way. Called once per request, just before its head is sent;
// take ctx.formatted_headers.lines() after it.
Headers& head_headers(RequestContext& ctx) {
  ctx.response_headers.emplace(ctx.response_headers.begin(), "x-request-id", ctx.request_id);
  add_route_headers(ctx, ctx.attempts.size() + 1);
  return ctx.response_headers;
}

// Reads the next body piece, counting the wait as upstream time.
boost::asio::awaitable<Result<std::string_view>> timed_read(RequestContext& ctx,
                                                            upstream::UpstreamExchange& exchange) {
  TimePoint start = Clock::now();
  Result<std::string_view> piece = co_await exchange.read_some();
  ctx.timings.upstream_wait += Clock::now() - start;
  co_return piece;
}

boost::asio::awaitable<void> finish_upstream_body(upstream::UpstreamExchange& exchange) {
  for (int i = 0; i < kMaxReadsAfterDone; ++i) {
    Result<std::string_view> piece = co_await exchange.read_some();
    if (!piece || piece.value().empty()) co_return;
  }
}

// The failure happened after the client saw bytes: report it in-stream, then end cleanly.
// `error` is taken by reference and the event rendered before the first suspension: GCC 12
// corrupts by-value class parameters of coroutines in this position.
boost::asio::awaitable<Outcome> fail_in_stream(RequestContext& ctx, server::ResponseWriter& writer,
                                               const Error& error, bool already_forwarded) {
  Outcome outcome{200, error};
  if (!already_forwarded) {
    std::string event = ctx.dialect->stream_error_event(error);
    if (!co_await writer.send_chunk(event)) co_return client_gone(ctx);
  }
  if (!co_await writer.end_stream()) co_return client_gone(ctx);
  co_return outcome;
}

}  // namespace

void add_route_headers(RequestContext& ctx, std::size_t attempt) {
  if (ctx.deployment == nullptr) return;
  // Deployment ids are printable ASCII without spaces (validate_routing.cpp).
  ctx.formatted_headers.add("x-llmgw-deployment", ctx.deployment->id);
  ctx.formatted_headers.add("x-llmgw-attempts", static_cast<std::int64_t>(attempt));
  if (ctx.fallback) ctx.formatted_headers.add("x-llmgw-fallback", "true");
}

boost::asio::awaitable<AttemptResult> rejected(RequestContext& ctx, server::ResponseWriter& writer,
                                               const Error& error) {
  add_route_headers(ctx, ctx.attempts.size() + 1);
  Outcome outcome = co_await pipeline::send_error(ctx, writer, error);
  co_return AttemptResult{std::move(outcome), {}};
}

boost::asio::awaitable<AttemptResult> deliver_whole(RequestContext& ctx,
                                                    server::ResponseWriter& writer, int status,
                                                    std::string body) {
  // Built outside the co_await: GCC 12 miscompiles braced string initializers inside it.
  Headers& headers = head_headers(ctx);
  add_cost_headers(ctx, ctx.formatted_headers);
  const std::string_view formatted = ctx.formatted_headers.lines();  // After both additions.
  if (!co_await writer.send(status, "application/json", std::move(body), headers, formatted)) {
    co_return AttemptResult{client_gone(ctx), {}};
  }
  co_return AttemptResult{Outcome{status, {}}, {}};
}

boost::asio::awaitable<AttemptResult> relay_stream(RequestContext& ctx,
                                                   server::ResponseWriter& writer,
                                                   providers::StreamDecoder& decoder,
                                                   upstream::UpstreamExchange& exchange) {
  providers::StreamOutput out;
  for (;;) {
    Result<std::string_view> piece = co_await timed_read(ctx, exchange);
    if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
    out.clear();
    if (!piece) {
      out.error = std::move(piece).error();
    } else if (piece.value().empty()) {
      decoder.finish(out);
    } else {
      decoder.feed(piece.value(), out);
    }
    if (out.usage) ctx.usage = out.usage;
    if (out.saw_content && !ctx.timings.first_token) ctx.timings.first_token = Clock::now();

    if (out.error && !writer.started()) {
      // Nothing reached the client yet: the failure can still become a status, or a retry.
      co_return AttemptResult{{}, std::move(*out.error)};
    }
    if (!out.client_bytes.empty()) {
      if (!writer.started()) {
        Headers& headers = head_headers(ctx);
        const std::string_view formatted = ctx.formatted_headers.lines();
        if (!co_await writer.begin_stream(200, headers, formatted)) {
          co_return AttemptResult{client_gone(ctx), {}};
        }
      }
      if (!co_await writer.send_chunk(out.client_bytes)) {
        co_return AttemptResult{client_gone(ctx), {}};
      }
    }
    if (out.error) {
      // Awaited into a local: GCC 12 mishandles co_await inside a braced initializer.
      Outcome failed = co_await fail_in_stream(ctx, writer, *out.error, out.error_forwarded);
      co_return AttemptResult{std::move(failed), {}};
    }
    if (out.done || (piece && piece.value().empty())) break;
  }

  if (!writer.started()) {
    Headers& headers = head_headers(ctx);
    const std::string_view formatted = ctx.formatted_headers.lines();
    if (!co_await writer.begin_stream(200, headers, formatted)) {
      co_return AttemptResult{client_gone(ctx), {}};
    }
  }
  if (ctx.snapshot && ctx.config().pricing.stream_cost_comment) {
    const std::string comment = stream_cost_comment(ctx);
    if (!co_await writer.send_chunk(comment)) co_return AttemptResult{client_gone(ctx), {}};
  }
  if (!co_await writer.end_stream()) co_return AttemptResult{client_gone(ctx), {}};
  if (out.done) co_await finish_upstream_body(exchange);
  co_return AttemptResult{Outcome{200, {}}, {}};
}

}  // namespace llmgw::proxy
