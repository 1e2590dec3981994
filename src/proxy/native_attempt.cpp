// The fast path: the provider speaks the client's dialect, so the body goes up with only
// `model` spliced and the answer comes back as bytes (usage read on the way).

#include "proxy/attempt.hpp"

namespace llmgw::proxy {
namespace {

// A coroutine of its own: GCC keeps every local of a coroutine in its frame, so these would
// otherwise sit in the frame of every open stream too.
boost::asio::awaitable<AttemptResult> relay_whole_native(RequestContext& ctx,
                                                         server::ResponseWriter& writer,
                                                         const AttemptInput& input,
                                                         upstream::UpstreamExchange& response) {
  Result<std::string> body = co_await read_whole_body(ctx, input, response);
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!body) co_return AttemptResult{{}, std::move(body).error()};
  Result<providers::DecodedResponse> decoded =
      input.adapter.decode(*ctx.endpoint, std::move(body).value());
  if (!decoded) co_return AttemptResult{{}, std::move(decoded).error()};
  ctx.usage = decoded->usage;
  co_return co_await deliver_whole(ctx, writer, response.status(), std::move(decoded->body));
}

}  // namespace

boost::asio::awaitable<AttemptResult> attempt_native(RequestContext& ctx,
                                                     server::ResponseWriter& writer,
                                                     const AttemptInput& input) {
  Result<providers::EncodedRequest> encoded = input.adapter.encode(
      {*ctx.endpoint, ctx.body, input.deployment, input.provider, ctx.headers});
  if (!encoded) {
    // Awaited into a local first: GCC 12 destroys temporaries too early when co_await
    // appears inside a braced initializer.
    Outcome rejected = co_await reply_error(ctx, writer, encoded.error());
    co_return AttemptResult{std::move(rejected), {}};
  }
  Result<std::unique_ptr<upstream::UpstreamExchange>> call =
      co_await call_upstream(ctx, input, std::move(encoded->request));
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!call) co_return AttemptResult{{}, std::move(call).error()};
  upstream::UpstreamExchange& response = *call.value();

  if (ctx.body.stream) {
    std::unique_ptr<providers::StreamDecoder> decoder =
        input.adapter.make_stream_decoder(encoded.value());
    co_return co_await relay_stream(ctx, writer, *decoder, response);
  }
  co_return co_await relay_whole_native(ctx, writer, input, response);
}

}  // namespace llmgw::proxy
