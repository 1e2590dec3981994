#pragma once
// One attempt against one deployment, split from the attempt loop. An attempt either takes
// the byte fast path (the provider speaks the client's dialect) or translates through the
// canonical form; both share the upstream call and the relays declared here.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/request_context.hpp"
#include "llmgw/pipeline/chain.hpp"
#include "llmgw/providers/provider.hpp"
#include "llmgw/server/response_writer.hpp"
#include "proxy/proxy.hpp"

namespace llmgw::proxy {

/// Either the request is finished (outcome), or it failed before any byte reached the
/// client and may be tried on another deployment (failure).
struct AttemptResult {
  std::optional<Outcome> outcome;
  std::optional<Error> failure;  ///< Not yet sent to the client.
};

/// What one attempt works with. `events` is non-null when stages observe canonical stream
/// events (the chain's event hooks).
struct AttemptInput {
  const config::Deployment& deployment;
  const config::ProviderConfig& provider;
  const providers::ProviderAdapter& adapter;
  ProxyServices services;
  const pipeline::Chain* events;
};

boost::asio::awaitable<AttemptResult> attempt_native(RequestContext& ctx,
                                                     server::ResponseWriter& writer,
                                                     const AttemptInput& input);

boost::asio::awaitable<AttemptResult> attempt_translated(RequestContext& ctx,
                                                         server::ResponseWriter& writer,
                                                         const AttemptInput& input);

/// Sends `request` and waits for a 2xx response; anything else is the attempt's failure
/// (connect error, timeout, the provider's error status mapped by its adapter). Callers check
/// ctx.cancel first: a client that went away ends the attempt whatever the result.
/// The failure is boxed (Result), so the frames of open streams stay small.
boost::asio::awaitable<Result<std::unique_ptr<upstream::UpstreamExchange>>> call_upstream(
    RequestContext& ctx, const AttemptInput& input, upstream::UpstreamRequest request);

/// Reads a whole 2xx body within provider.max_response_bytes.
boost::asio::awaitable<Result<std::string>> read_whole_body(RequestContext& ctx,
                                                            const AttemptInput& input,
                                                            upstream::UpstreamExchange& exchange);

/// Sends a complete JSON response.
boost::asio::awaitable<AttemptResult> deliver_whole(RequestContext& ctx,
                                                    server::ResponseWriter& writer, int status,
                                                    std::string body);

/// Relays a streamed response through `decoder` (fast-path or translating).
boost::asio::awaitable<AttemptResult> relay_stream(RequestContext& ctx,
                                                   server::ResponseWriter& writer,
                                                   providers::StreamDecoder& decoder,
                                                   upstream::UpstreamExchange& exchange);

/// x-llmgw-deployment (ctx.deployment), x-llmgw-attempts (`attempt`, counting from 1) and,
/// after a fallback, x-llmgw-fallback: added once, to the head that answers the request.
/// Per-attempt values would cost heap strings on every request; these are formatted lines.
void add_route_headers(RequestContext& ctx, std::size_t attempt);

/// Outcome for a client that went away mid-request (logged as 499, like nginx).
Outcome client_gone(RequestContext& ctx);

/// Answers with `error` before any byte was sent (the attempt is over: not retried).
boost::asio::awaitable<AttemptResult> rejected(RequestContext& ctx, server::ResponseWriter& writer,
                                               const Error& error);

}  // namespace llmgw::proxy
