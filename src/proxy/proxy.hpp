#pragma once
// The terminal stage: walks the route plan (the deployments the router chose, in order),
// calls the provider through its adapter and answers the client. A failed attempt is
// retried on the next deployment only while nothing has reached the client yet.

#include <boost/asio/awaitable.hpp>

#include "llmgw/core/request_context.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/pipeline/terminal.hpp"
#include "llmgw/providers/provider.hpp"
#include "llmgw/server/response_writer.hpp"
#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::proxy {

/// What the proxy works with; all owned by app/ and outliving it. `upstream` belongs to the
/// proxy's worker.
struct ProxyServices {
  upstream::UpstreamClient& upstream;
  observability::Metrics& metrics;
  const providers::ProviderRegistry& providers;
};

class Proxy final : public pipeline::Terminal {
 public:
  explicit Proxy(ProxyServices services) noexcept : services_(services) {}

  boost::asio::awaitable<Outcome> forward(RequestContext& ctx, server::ResponseWriter& writer,
                                          const pipeline::Chain* events) override;

 private:
  ProxyServices services_;
};

}  // namespace llmgw::proxy
