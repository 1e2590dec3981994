#pragma once
// One worker's pipeline as the gateway runs it: its own upstream client (connection pools
// live on the worker's io_context), its chain, and the proxy as the terminal.

#include <boost/asio/io_context.hpp>
#include <memory>

#include "llmgw/pipeline/chain.hpp"
#include "llmgw/pipeline/pipeline.hpp"
#include "llmgw/upstream/upstream_client.hpp"
#include "proxy/proxy.hpp"
#include "server/worker_context.hpp"

namespace llmgw::app {

class GatewayWorker final : public server::WorkerServices {
 public:
  GatewayWorker(std::unique_ptr<upstream::UpstreamClient> upstream, pipeline::Chain chain,
                observability::Metrics& metrics, const providers::ProviderRegistry& providers);

  const pipeline::Pipeline& pipeline() const noexcept override { return pipeline_; }

 private:
  std::unique_ptr<upstream::UpstreamClient> upstream_;
  pipeline::Chain chain_;
  proxy::Proxy proxy_;
  pipeline::Pipeline pipeline_;
};

}  // namespace llmgw::app
