#pragma once
// The terminal stage: walks the route plan (the deployments the router chose, in order),
// calls the provider through its adapter and answers the client. While nothing has reached
// the client yet, a failed attempt may be retried on the same deployment (the model's retry
// policy) and then falls back to the next one.

#include <boost/asio/awaitable.hpp>

#include "llmgw/core/request_context.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/pipeline/terminal.hpp"
#include "llmgw/providers/provider.hpp"
#include "llmgw/server/response_writer.hpp"
#include "llmgw/upstream/upstream_client.hpp"
#include "routing/worker_routing.hpp"

namespace llmgw::proxy {

/// What the proxy works with; all owned by app/ and outliving it. `upstream` belongs to the
/// proxy's worker.
struct ProxyServices {
  upstream::UpstreamClient& upstream;
  observability::Metrics& metrics;
  const providers::ProviderRegistry& providers;
  /// This worker's routing state; nullptr keeps every model on today's ordered walk with no
  /// retries and no breakers (unit tests of the attempts).
  routing::WorkerRouting* routing = nullptr;
};

struct AttemptResult;

class Proxy final : public pipeline::Terminal {
 public:
  explicit Proxy(ProxyServices services) noexcept : services_(services) {}

  boost::asio::awaitable<Outcome> forward(RequestContext& ctx, server::ResponseWriter& writer,
                                          const pipeline::Chain* events) override;

 private:
  /// Attempts on one deployment, retried as the model's policy allows; the result of the
  /// last attempt (or the breaker's refusal).
  boost::asio::awaitable<AttemptResult> try_deployment(RequestContext& ctx,
                                                       server::ResponseWriter& writer,
                                                       const pipeline::Chain* events,
                                                       const config::Deployment& deployment);

  ProxyServices services_;
};

}  // namespace llmgw::proxy
