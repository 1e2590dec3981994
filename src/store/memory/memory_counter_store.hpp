#pragma once
// The counter store of a single instance: scopes in a sharded hash map, a mutex per shard,
// every operation done synchronously inside the awaitable (no suspension, so no lock is
// ever held across a co_await). A reserve locks the shards of its scopes in ascending
// order, checks every scope, then counts in all of them: all or nothing.
//
// Memory: about 1.1 KB per limited scope (two 61-bucket windows and a budget). A scope is
// forgotten once it is idle: nothing in flight, both windows empty and no spend in its
// current budget period (a `total` budget with spend is kept for good). Each shard sweeps
// itself at most once per window, inside an operation that already holds its lock, so
// memory follows the scopes used in the last two minutes plus budgets with spend.
// Scopes without any limit cost nothing: they are neither stored nor counted.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "llmgw/core/wall_clock.hpp"
#include "llmgw/governance/rolling_window.hpp"
#include "llmgw/store/counter_store.hpp"

namespace llmgw::store {

class MemoryCounterStore final : public CounterStore {
 public:
  /// Retry-After hint for a concurrency denial: when a request will finish is unknown.
  static constexpr std::int64_t kParallelRetryMs = 1000;

  /// `clock` must outlive the store. `shards` > 0 (more shards: less contention between
  /// workers on different scopes; the global scope is one shard whatever the count).
  explicit MemoryCounterStore(const WallClock& clock, std::size_t shards = 16);
  ~MemoryCounterStore() override;

  boost::asio::awaitable<ReserveResult> reserve(const ReserveRequest& request) override;
  boost::asio::awaitable<SettleResult> settle(Reservation& reservation, std::int64_t actual_tokens,
                                              pico_usd actual_cost) override;

  bool reserve_at_once(const ReserveRequest& request, ReserveResult& out) override {
    out = reserve_now(request);
    return true;
  }
  bool settle_at_once(Reservation& reservation, std::int64_t actual_tokens, pico_usd actual_cost,
                      SettleResult& out) override {
    settle_into(reservation, actual_tokens, actual_cost, out);
    return true;
  }

  /// What the awaitables do, callable without a coroutine (tests, benchmarks).
  ReserveResult reserve_now(const ReserveRequest& request);
  SettleResult settle_now(Reservation& reservation, std::int64_t actual_tokens,
                          pico_usd actual_cost);

  /// Scopes currently held (locks every shard in turn: tests and diagnostics only).
  std::size_t scope_count() const;

 private:
  // settle_now() into a result the caller holds: a SettleResult is ~600 bytes.
  void settle_into(Reservation& reservation, std::int64_t actual_tokens, pico_usd actual_cost,
                   SettleResult& result);
  struct Shard;
  struct Locked;

  std::size_t shard_of(std::size_t scope_hash) const noexcept;

  const WallClock& clock_;
  std::size_t shard_count_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<std::uint64_t> next_id_{1};
};

}  // namespace llmgw::store
