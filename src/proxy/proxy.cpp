#include "proxy/proxy.hpp"

#include "proxy/attempt.hpp"
#include "translation/translation.hpp"

namespace llmgw::proxy {
namespace {

bool may_try_next(const Error& error, std::size_t attempt, std::size_t attempts) {
  return error.retryable && attempt + 1 < attempts;
}

}  // namespace

Outcome client_gone(RequestContext& ctx) {
  ctx.client_disconnected = true;
  return Outcome{499, Error::invalid_request("client closed the connection")};
}

boost::asio::awaitable<Outcome> reply_error(RequestContext& ctx, server::ResponseWriter& writer,
                                            Error error) {
  int status = error.http_status;
  std::string body = translation::error_body(ctx.dialect, error);
  Headers headers = translation::error_headers(ctx.dialect, error, ctx.request_id);
  bool delivered = co_await writer.send(status, "application/json", std::move(body), headers);
  if (!delivered) ctx.client_disconnected = true;
  co_return Outcome{status, std::move(error)};
}

boost::asio::awaitable<Outcome> forward(RequestContext& ctx, server::ResponseWriter& writer,
                                        ProxyServices services) {
  writer.watch_disconnect(ctx.cancel);
  std::optional<Error> last_failure;
  const std::size_t attempts = ctx.route.size();
  std::optional<Outcome> outcome;
  std::unique_ptr<canonical::ChatRequest> canonical;
  for (std::size_t i = 0; i < attempts && !outcome; ++i) {
    const config::Deployment& deployment = *ctx.route[i];
    ctx.deployment = &deployment;
    const config::ProviderConfig& provider = ctx.config().providers[deployment.provider_index];
    const providers::ProviderAdapter& adapter = providers::adapter_for(provider.kind);
    const AttemptInput input{deployment, provider, adapter, services, canonical};
    AttemptResult result;
    if (adapter.native_dialect() == ctx.dialect) {
      result = co_await attempt_native(ctx, writer, input);
    } else {
      result = co_await attempt_translated(ctx, writer, input);
    }
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
