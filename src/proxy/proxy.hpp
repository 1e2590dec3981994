#pragma once
// The terminal stage: walks the route plan (the deployments the router chose, in order),
// calls the provider through its adapter and answers the client. A failed attempt is
// retried on the next deployment only while nothing has reached the client yet.

#include <boost/asio/awaitable.hpp>

#include "llmgw/core/request_context.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/server/response_writer.hpp"
#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::proxy {

struct ProxyServices {
  upstream::UpstreamClient& upstream;
  observability::Metrics& metrics;
};

/// Forwards ctx (authenticated, routed) and writes the full response to `writer`.
/// Never throws; every failure becomes a client-visible error in the right form.
boost::asio::awaitable<Outcome> forward(RequestContext& ctx, server::ResponseWriter& writer,
                                        ProxyServices services);

/// Writes `error` as an OpenAI error response (status + JSON body).
boost::asio::awaitable<Outcome> reply_error(RequestContext& ctx, server::ResponseWriter& writer,
                                            Error error);

}  // namespace llmgw::proxy
