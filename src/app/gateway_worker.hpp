#pragma once
// One worker's pipeline as the gateway runs it: its own upstream client (connection pools
// live on the worker's io_context), its Redis connection when the state is shared, its
// chain, and the proxy as the terminal.

#include <boost/asio/io_context.hpp>
#include <memory>

#include "llmgw/pipeline/chain.hpp"
#include "llmgw/pipeline/pipeline.hpp"
#include "llmgw/upstream/upstream_client.hpp"
#include "proxy/proxy.hpp"
#include "routing/worker_routing.hpp"
#include "server/worker_context.hpp"
#include "store/redis/redis_counter_service.hpp"

namespace llmgw::app {

class GatewayWorker final : public server::WorkerServices {
 public:
  /// `redis` (null with the memory backend) holds the counter store `chain` uses.
  /// `routing` is the state `chain`'s router was built with; the proxy shares it.
  GatewayWorker(std::unique_ptr<routing::WorkerRouting> routing,
                std::unique_ptr<upstream::UpstreamClient> upstream,
                std::unique_ptr<store::redis::RedisCounterService> redis, pipeline::Chain chain,
                observability::Metrics& metrics, const providers::ProviderRegistry& providers);

  const pipeline::Pipeline& pipeline() const noexcept override { return pipeline_; }
  boost::asio::awaitable<void> start() override;
  void stop() override;

 private:
  std::unique_ptr<routing::WorkerRouting> routing_;  ///< Outlives the chain and the proxy.
  std::unique_ptr<upstream::UpstreamClient> upstream_;
  std::unique_ptr<store::redis::RedisCounterService> redis_;  ///< Outlives the chain.
  pipeline::Chain chain_;
  proxy::Proxy proxy_;
  pipeline::Pipeline pipeline_;
};

}  // namespace llmgw::app
