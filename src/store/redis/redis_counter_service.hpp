#pragma once
// One worker's Redis backend: its connection and the counter store on it, both living on
// that worker's event loop (app/ builds one per worker through the worker factory).
//
// start() runs on the worker's loop before the worker accepts: it starts the connection and
// waits for the outcome of the first connect attempt, at most connect_timeout. A Redis that
// is down therefore delays start-up by at most that and never stops it; the connection keeps
// reconnecting with backoff, and until it is up, reserve answers `unavailable` (the limits
// stage applies state.redis.on_failure). stop() runs on the same loop once the worker's
// sessions have drained, so no call is in flight when the connection closes.
//
// Connection state changes are logged once per transition (down, then up again), not once
// per reconnect attempt; the attempts are counted in the llmgw_redis_* metrics.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>

#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "store/redis/redis_connection.hpp"
#include "store/redis/redis_counter_store.hpp"

namespace llmgw::store::redis {

class RedisCounterService {
 public:
  /// Builds the connection (not yet started) and the store on it. `options.on_ready` and
  /// `options.on_error` are set here.
  RedisCounterService(boost::asio::any_io_executor executor, RedisOptions options,
                      RedisCounterStoreOptions store_options, observability::AppLog& log);
  /// After the executor stopped running (the worker's services go after its loop).
  ~RedisCounterService();
  RedisCounterService(const RedisCounterService&) = delete;
  RedisCounterService& operator=(const RedisCounterService&) = delete;

  CounterStore& store() noexcept { return *store_; }

  /// On the executor: connects, and returns once the first attempt succeeded or failed, or
  /// after connect_timeout.
  boost::asio::awaitable<void> start();
  /// On the executor: closes the connection; calls still in flight fail at once.
  void stop();

  /// Adds this worker's counters to `totals`. Any thread.
  void add_stats(observability::RedisStats& totals) const noexcept;

 private:
  struct Status;
  std::shared_ptr<Status> status_;  ///< Shared with the connection's callbacks.
  std::shared_ptr<RedisConnection> connection_;
  std::unique_ptr<RedisCounterStore> store_;
};

}  // namespace llmgw::store::redis
