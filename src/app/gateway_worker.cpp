#include "app/gateway_worker.hpp"

namespace llmgw::app {

GatewayWorker::GatewayWorker(std::unique_ptr<routing::WorkerRouting> routing,
                             std::unique_ptr<upstream::UpstreamClient> upstream,
                             std::unique_ptr<store::redis::RedisCounterService> redis,
                             pipeline::Chain chain, observability::Metrics& metrics,
                             const providers::ProviderRegistry& providers)
    : routing_(std::move(routing)),
      upstream_(std::move(upstream)),
      redis_(std::move(redis)),
      chain_(std::move(chain)),
      proxy_(proxy::ProxyServices{*upstream_, metrics, providers, routing_.get()}),
      pipeline_(chain_, proxy_) {}

boost::asio::awaitable<void> GatewayWorker::start() {
  if (redis_) co_await redis_->start();
}

void GatewayWorker::stop() {
  if (redis_) redis_->stop();
}

}  // namespace llmgw::app
