// The fast path: the provider speaks the client's dialect, so the body goes up with only
// `model` spliced and the answer comes back as bytes (usage read on the way).

#include "proxy/attempt.hpp"
#include "proxy/observed_stream_decoder.hpp"

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
      input.adapter.decode(ctx.endpoint, std::move(body).value());
  if (!decoded) co_return AttemptResult{{}, std::move(decoded).error()};
  ctx.usage = decoded->usage;
  co_return co_await deliver_whole(ctx, writer, response.status(), std::move(decoded->body));
}

std::unique_ptr<providers::StreamDecoder> stream_decoder(RequestContext& ctx,
                                                         const AttemptInput& input,
                                                         const providers::EncodedRequest& sent) {
  std::unique_ptr<providers::StreamDecoder> bytes = input.adapter.make_stream_decoder(sent);
  if (input.events == nullptr) return bytes;
  return std::make_unique<ObservedStreamDecoder>(
      std::move(bytes), input.adapter.make_event_decoder(ctx.request_id), *input.events, ctx);
}

}  // namespace

boost::asio::awaitable<AttemptResult> attempt_native(RequestContext& ctx,
                                                     server::ResponseWriter& writer,
                                                     const AttemptInput& input) {
  Result<providers::EncodedRequest> encoded =
      input.adapter.encode({ctx.endpoint, ctx.body, input.deployment, input.provider, ctx.headers});
  if (!encoded) co_return co_await rejected(ctx, writer, encoded.error());
  Result<std::unique_ptr<upstream::UpstreamExchange>> call =
      co_await call_upstream(ctx, input, std::move(encoded->request));
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!call) co_return AttemptResult{{}, std::move(call).error()};
  upstream::UpstreamExchange& response = *call.value();

  if (ctx.body.stream) {
    std::unique_ptr<providers::StreamDecoder> decoder = stream_decoder(ctx, input, encoded.value());
    co_return co_await relay_stream(ctx, writer, *decoder, response);
  }
  co_return co_await relay_whole_native(ctx, writer, input, response);
}

}  // namespace llmgw::proxy
