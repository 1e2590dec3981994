#include "app/gateway_worker.hpp"

namespace llmgw::app {

GatewayWorker::GatewayWorker(std::unique_ptr<upstream::UpstreamClient> upstream,
                             pipeline::Chain chain, observability::Metrics& metrics,
                             const providers::ProviderRegistry& providers)
    : upstream_(std::move(upstream)),
      chain_(std::move(chain)),
      proxy_(proxy::ProxyServices{*upstream_, metrics, providers}),
      pipeline_(chain_, proxy_) {}

}  // namespace llmgw::app
