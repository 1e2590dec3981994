// The translated path: the client's request goes through the canonical form to a provider
// that speaks another dialect, and the answer comes back the same way.

#include <chrono>

#include "dialects/openai/embeddings.hpp"
#include "llmgw/dialects/client_dialect.hpp"
#include "pipeline/event_tap.hpp"
#include "proxy/attempt.hpp"
#include "translation/translating_stream_decoder.hpp"

namespace llmgw::proxy {
namespace {

canonical::RenderContext render_context(const RequestContext& ctx, bool include_usage) {
  canonical::RenderContext render;
  render.request_id = ctx.request_id;
  render.public_model = ctx.model != nullptr ? ctx.model->name : ctx.body.model;
  render.created = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  render.include_usage = include_usage;
  return render;
}

providers::TranslateTarget target_of(const RequestContext& ctx, const AttemptInput& input) {
  return providers::TranslateTarget{input.deployment, input.provider, *ctx.model, ctx.headers,
                                    std::chrono::system_clock::now()};
}

// Its own coroutine so the whole-body locals stay out of every open stream's frame.
boost::asio::awaitable<AttemptResult> relay_whole_chat(RequestContext& ctx,
                                                       server::ResponseWriter& writer,
                                                       const AttemptInput& input,
                                                       upstream::UpstreamExchange& exchange,
                                                       const canonical::RenderContext& render) {
  Result<std::string> body = co_await read_whole_body(ctx, input, exchange);
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!body) co_return AttemptResult{{}, std::move(body).error()};
  Result<canonical::ChatResponse> response = input.adapter.decode_chat(body.value());
  if (!response) co_return AttemptResult{{}, std::move(response).error()};
  ctx.usage = response->usage;
  std::string rendered = ctx.dialect->render_chat(response.value(), render);
  co_return co_await deliver_whole(ctx, writer, 200, std::move(rendered));
}

boost::asio::awaitable<AttemptResult> translate_chat(RequestContext& ctx,
                                                     server::ResponseWriter& writer,
                                                     const AttemptInput& input) {
  Result<canonical::ChatRequest*> parsed = ctx.chat_request();
  if (!parsed) co_return co_await rejected(ctx, writer, parsed.error());
  const canonical::ChatRequest& request = *parsed.value();
  Result<upstream::UpstreamRequest> encoded =
      input.adapter.encode_chat(request, target_of(ctx, input));
  if (!encoded) co_return co_await rejected(ctx, writer, encoded.error());

  Result<std::unique_ptr<upstream::UpstreamExchange>> call =
      co_await call_upstream(ctx, input, std::move(encoded).value());
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!call) co_return AttemptResult{{}, std::move(call).error()};
  const canonical::RenderContext render = render_context(ctx, request.include_usage);

  if (ctx.body.stream) {
    translation::TranslatingStreamDecoder decoder(input.adapter.make_event_decoder(ctx.request_id),
                                                  ctx.dialect->stream_encoder(render));
    // Allocated only when stages observe events, so a translated stream's frame stays small.
    std::unique_ptr<pipeline::EventTap> tap;
    if (input.events != nullptr) {
      tap = std::make_unique<pipeline::EventTap>(*input.events, ctx, &decoder.encoder());
      decoder.route_events_through(tap.get());
    }
    co_return co_await relay_stream(ctx, writer, decoder, *call.value());
  }
  co_return co_await relay_whole_chat(ctx, writer, input, *call.value(), render);
}

boost::asio::awaitable<AttemptResult> translate_embeddings(RequestContext& ctx,
                                                           server::ResponseWriter& writer,
                                                           const AttemptInput& input) {
  Result<canonical::EmbeddingRequest> request =
      dialects::openai::parse_embedding_request(ctx.body.raw);
  if (!request) co_return co_await rejected(ctx, writer, request.error());
  Result<upstream::UpstreamRequest> encoded =
      input.adapter.encode_embeddings(request.value(), target_of(ctx, input));
  if (!encoded) co_return co_await rejected(ctx, writer, encoded.error());

  Result<std::unique_ptr<upstream::UpstreamExchange>> call =
      co_await call_upstream(ctx, input, std::move(encoded).value());
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!call) co_return AttemptResult{{}, std::move(call).error()};
  Result<std::string> body = co_await read_whole_body(ctx, input, *call.value());
  if (ctx.cancel.emitted()) co_return AttemptResult{client_gone(ctx), {}};
  if (!body) co_return AttemptResult{{}, std::move(body).error()};
  Result<canonical::EmbeddingResponse> response = input.adapter.decode_embeddings(body.value());
  if (!response) co_return AttemptResult{{}, std::move(response).error()};
  ctx.usage = response->usage;
  std::string rendered = dialects::openai::render_embedding_response(
      response.value(), render_context(ctx, false), request->base64);
  co_return co_await deliver_whole(ctx, writer, 200, std::move(rendered));
}

}  // namespace

boost::asio::awaitable<AttemptResult> attempt_translated(RequestContext& ctx,
                                                         server::ResponseWriter& writer,
                                                         const AttemptInput& input) {
  std::string_view unsupported;
  switch (ctx.endpoint) {
    case Endpoint::chat_completions:
    case Endpoint::messages: co_return co_await translate_chat(ctx, writer, input);
    case Endpoint::embeddings: co_return co_await translate_embeddings(ctx, writer, input);
    case Endpoint::completions: unsupported = "/v1/completions"; break;
    case Endpoint::count_tokens: unsupported = "/v1/messages/count_tokens"; break;
    case Endpoint::models_list:
    case Endpoint::model_get: break;  // Answered by the models stage; never forwarded.
  }
  // Named, not a temporary: GCC 12 destroys temporaries inside co_await too early.
  const Error error = unsupported.empty()
                          ? Error::internal("this endpoint is not forwarded to providers")
                          : providers::endpoint_unsupported(unsupported, input.provider);
  co_return co_await rejected(ctx, writer, error);
}

}  // namespace llmgw::proxy
