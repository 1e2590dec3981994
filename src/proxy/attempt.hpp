#pragma once
// One attempt against one deployment, split from the attempt loop so the relay logic for
// whole and streamed responses stays readable.

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "llmgw/core/request_context.hpp"
#include "llmgw/providers/provider.hpp"
#include "llmgw/server/response_writer.hpp"
#include "proxy/proxy.hpp"

namespace llmgw::proxy {

/// Either the request is finished (outcome), or it failed before any byte reached the
/// client and may be tried on another deployment (retryable_error).
struct AttemptResult {
  std::optional<Outcome> outcome;
  std::optional<Error> failure;  ///< Not yet sent to the client.
};

boost::asio::awaitable<AttemptResult> relay_whole(RequestContext& ctx,
                                                  server::ResponseWriter& writer,
                                                  const providers::ProviderAdapter& adapter,
                                                  const config::ProviderConfig& provider,
                                                  upstream::UpstreamExchange& exchange);

boost::asio::awaitable<AttemptResult> relay_stream(RequestContext& ctx,
                                                   server::ResponseWriter& writer,
                                                   const providers::ProviderAdapter& adapter,
                                                   const providers::EncodedRequest& encoded,
                                                   upstream::UpstreamExchange& exchange);

/// Outcome for a client that went away mid-request (logged as 499, like nginx).
Outcome client_gone(RequestContext& ctx);

}  // namespace llmgw::proxy
