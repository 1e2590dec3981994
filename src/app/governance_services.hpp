#pragma once
// The services behind limits, budgets and spend records, built once at start-up: the
// counter store (one shared memory store, or with state.backend redis one Redis connection
// and store per worker), the spend writer (when state.dir is set) and the clock they read.
// Stopped after the drain, so the last requests' records are flushed.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/core/wall_clock.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/store/counter_store.hpp"
#include "llmgw/store/spend_store.hpp"
#include "store/redis/redis_counter_service.hpp"

namespace llmgw::app {

class GovernanceServices {
 public:
  /// Opens (and migrates) `<state.dir>/llmgw.db` when state.dir is set; throws with a
  /// message naming the file when it cannot.
  GovernanceServices(const config::Config& config, observability::AppLog& log);
  ~GovernanceServices();

  const WallClock& clock() const noexcept { return clock_; }
  /// nullptr without state.dir: no spend records are kept.
  store::SpendSink* spend() noexcept { return spend_.get(); }

  /// The counter store for the worker that runs `ioc`: the shared memory store, or (backend
  /// redis) a new connection and store on `ioc`, handed over in `redis` so that the worker
  /// starts and stops it and keeps it alive as long as its chain. Called on the main thread
  /// before the workers run.
  store::CounterStore& worker_counters(boost::asio::io_context& ioc,
                                       std::unique_ptr<store::redis::RedisCounterService>& redis);

  /// Every worker's Redis counters, summed (zeros with the memory backend). Any thread, while
  /// the workers' services exist.
  observability::RedisStats redis_stats() const;
  bool uses_redis() const noexcept { return redis_; }

  /// Writes every accepted spend record (SIGTERM: after the drain). Idempotent.
  void stop();

 private:
  SystemWallClock clock_;
  observability::AppLog& log_;
  bool redis_ = false;
  config::RedisConfig redis_config_;
  std::unique_ptr<store::CounterStore> memory_counters_;  ///< Memory backend only.
  mutable std::mutex workers_mutex_;
  std::vector<const store::redis::RedisCounterService*> redis_workers_;
  std::unique_ptr<store::SpendSink> spend_;
  std::function<void()> stop_spend_;
};

}  // namespace llmgw::app
