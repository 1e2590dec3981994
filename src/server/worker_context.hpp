#pragma once
// What a connection needs from the process (shared, thread-safe) and from its worker
// (thread-local to that worker's io_context).

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstddef>

#include "llmgw/config/config_store.hpp"
#include "llmgw/observability/access_log.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/pipeline/chain.hpp"
#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::server {

class SessionRegistry;

struct SharedServices {
  config::ConfigStore& config;
  const pipeline::Chain& chain;
  observability::Metrics& metrics;
  observability::AccessLog& access_log;
  observability::AppLog& log;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> draining{false};
};

struct WorkerContext {
  boost::asio::io_context& ioc;
  SharedServices& shared;
  upstream::UpstreamClient& upstream;
  SessionRegistry& sessions;
};

/// Which endpoints a listener serves.
enum class ListenerRole { api, metrics };

}  // namespace llmgw::server
