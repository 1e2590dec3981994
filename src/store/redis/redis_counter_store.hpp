#pragma once
// The counter store shared by several instances: the memory store's rules, run by Redis in
// one Lua script per call (counter_scripts.hpp has the scripts, their keys and arguments).
// reserve and settle are one round trip each (EVALSHA) on the calling worker's connection.
//
// One object per worker. A RedisConnection belongs to one worker's event loop, so the store
// that uses it does too: app/ builds a RedisCounterStore for each worker, on that worker's
// connection, and hands it to that worker's chain (stages already receive per-worker
// services through their constructors). All of them count in the same Redis keys, so they
// admit exactly what one shared store would; nothing is looked up per request and nothing
// is locked. Unlike MemoryCounterStore, an instance must only be used on its connection's
// executor.
//
// Failures never hang a request: every call is bounded by the connection's timeout and
// fails at once while Redis is unreachable. reserve then answers `unavailable` (the caller
// applies fail_open or fail_closed). A settle that fails is kept in a bounded queue and
// replayed once the connection is back, so billed spend survives a Redis blip; settles are
// idempotent by reservation id, so a replay of one that did land (lost reply) is a no-op.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "llmgw/core/wall_clock.hpp"
#include "llmgw/store/counter_store.hpp"
#include "store/redis/redis_connection.hpp"

namespace llmgw::store::redis {

struct RedisCounterStoreOptions {
  /// Key prefix. Keep one hash tag in it (`{...}`) for Redis Cluster: the scripts touch
  /// keys they build themselves, which must share the slot of KEYS[1].
  std::string prefix = "{llmgw}";
  /// How long a reservation holds its concurrency slots if it is never settled (its
  /// instance died). Longer than the longest request, or long streams free their slot early.
  std::chrono::milliseconds lease{std::chrono::minutes(15)};
  std::size_t settle_queue_limit = 1024;           ///< Failed settles kept for replay, per worker.
  std::chrono::milliseconds replay_interval{250};  ///< Between replay attempts while down.
  /// Tests only: the scripts take time from here instead of the server's TIME.
  const WallClock* clock = nullptr;
};

/// Counters since creation; a metrics exporter sums them over workers.
struct RedisCounterStats {
  std::uint64_t reserve_unavailable = 0;  ///< reserve answered `unavailable`.
  std::uint64_t settle_unavailable = 0;   ///< settle answered `unavailable`.
  std::uint64_t settles_queued = 0;       ///< Failed settles kept for replay.
  std::uint64_t settles_replayed = 0;     ///< Queued settles that reached Redis.
  std::uint64_t settles_dropped = 0;      ///< Lost: queue full, or Redis rejected the replay.
  std::uint64_t bad_replies = 0;          ///< Error or malformed replies from a script.
};

class RedisCounterStore final : public CounterStore {
 public:
  /// Registers the two scripts on `connection`; construct before connection->start() so
  /// every connect preloads them (otherwise the first call per connection pays an EVAL).
  explicit RedisCounterStore(std::shared_ptr<RedisConnection> connection,
                             RedisCounterStoreOptions options = {});
  /// On the connection's executor thread, or after that executor stopped running.
  ~RedisCounterStore() override;
  RedisCounterStore(const RedisCounterStore&) = delete;
  RedisCounterStore& operator=(const RedisCounterStore&) = delete;

  /// One EVALSHA; `unavailable` on timeout, connection failure or an unexpected reply.
  /// A request with no limited scope is admitted without a round trip.
  boost::asio::awaitable<ReserveResult> reserve(const ReserveRequest& request) override;

  /// One EVALSHA. `unavailable`: the settle is queued for replay (or counted as dropped
  /// when the queue is full) and the reservation left as it was; settling it again is
  /// harmless. Threshold crossings of a replayed settle are not reported.
  boost::asio::awaitable<SettleResult> settle(Reservation& reservation, std::int64_t actual_tokens,
                                              pico_usd actual_cost) override;

  RedisCounterStats stats() const noexcept;
  /// Settles waiting for replay.
  std::size_t queued_settles() const noexcept;

 private:
  struct State;
  std::shared_ptr<State> state_;  ///< Shared with the replay coroutine.
};

}  // namespace llmgw::store::redis
