#pragma once
// What a connection needs from the process (shared, thread-safe) and from its worker
// (thread-local to that worker's io_context).

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <memory>

#include "llmgw/config/config_store.hpp"
#include "llmgw/dialects/client_dialect.hpp"
#include "llmgw/observability/access_log.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/pipeline/pipeline.hpp"
#include "llmgw/server/admin_handler.hpp"

namespace llmgw::server {

class SessionRegistry;

struct SharedServices {
  config::ConfigStore& config;
  const dialects::DialectRegistry& dialects;
  observability::Metrics& metrics;
  observability::AccessLog& access_log;
  observability::AppLog& log;
  const AdminHandler* admin = nullptr;  ///< Serves the admin listener; null when it is off.
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> draining{false};
};

/// What the composition root builds for each worker: its pipeline and whatever the pipeline
/// is made of (upstream client, chain, proxy, Redis connection). Destroyed after the worker's
/// event loop stopped.
class WorkerServices {
 public:
  virtual ~WorkerServices() = default;
  virtual const pipeline::Pipeline& pipeline() const noexcept = 0;
  /// On the worker's loop, before it accepts connections (a Redis connection is opened
  /// here). Must be bounded in time: the worker serves nothing until it returns.
  virtual boost::asio::awaitable<void> start() { co_return; }
  /// On the worker's loop once its sessions have drained, before the loop stops.
  virtual void stop() {}
};

/// Called once per worker, on the main thread, before the workers start.
using WorkerServicesFactory =
    std::function<std::unique_ptr<WorkerServices>(boost::asio::io_context& ioc)>;

struct WorkerContext {
  boost::asio::io_context& ioc;
  SharedServices& shared;
  const pipeline::Pipeline& pipeline;
  SessionRegistry& sessions;
};

/// Which endpoints a listener serves.
enum class ListenerRole { api, metrics, admin };

}  // namespace llmgw::server
