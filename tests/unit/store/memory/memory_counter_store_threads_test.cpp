// Worker threads share one store: these hammer it from several threads. Run them under
// ThreadSanitizer too (--gtest_filter='MemoryCounterStoreThreads.*').

#include "store/memory/memory_counter_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace llmgw::store {
namespace {

using governance::BudgetPeriod;
using governance::ScopeRef;

constexpr int kThreads = 4;

template <class Body>
void run_threads(Body body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(body, t);
  for (std::thread& thread : threads) thread.join();
}

TEST(MemoryCounterStoreThreads, SharedRpmAdmitsExactlyTheLimit) {
  ManualWallClock clock(1'700'000'000'000);
  MemoryCounterStore store(clock, 8);
  std::atomic<int> admitted{0};
  run_threads([&](int t) {
    const std::string key = "key-" + std::to_string(t);
    const std::vector<ScopeCheck> scopes{{ScopeRef::global(), {{1'000, 0, 0}, {}}},
                                         {ScopeRef::key(key), {{100'000, 0, 0}, {}}}};
    for (int i = 0; i < 3'000; ++i) {
      const ReserveRequest request{scopes, 10, 0};
      ReserveResult r = store.reserve_now(request);
      if (r.status != ReserveStatus::admitted) continue;
      admitted.fetch_add(1);
      store.settle_now(r.reservation, 5, 0);
    }
  });
  EXPECT_EQ(admitted.load(), 1'000);
}

TEST(MemoryCounterStoreThreads, ConcurrencyAndBudgetHold) {
  ManualWallClock clock(1'700'000'000'000);
  MemoryCounterStore store(clock, 8);
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::atomic<int> admitted{0};
  run_threads([&](int t) {
    const std::string key = "key-" + std::to_string(t);
    const std::vector<ScopeCheck> scopes{
        {ScopeRef::team("t"), {{0, 0, 3}, {10'000, BudgetPeriod::month}}},
        {ScopeRef::key_model(key, "m"), {{0, 0, 2}, {}}}};
    for (int i = 0; i < 4'000; ++i) {
      const ReserveRequest request{scopes, 0, 7};
      ReserveResult r = store.reserve_now(request);
      if (r.status != ReserveStatus::admitted) continue;
      admitted.fetch_add(1);
      const int now_inside = inside.fetch_add(1) + 1;
      int seen = most_inside.load();
      while (now_inside > seen && !most_inside.compare_exchange_weak(seen, now_inside)) {
      }
      std::this_thread::yield();
      inside.fetch_sub(1);
      store.settle_now(r.reservation, 0, 7);
    }
  });
  EXPECT_LE(most_inside.load(), 3);
  EXPECT_EQ(admitted.load(), 10'000 / 7);  // Every cent spent, not one over.
}

TEST(MemoryCounterStoreThreads, MovingClockAndSweepsRaceSafely) {
  ManualWallClock clock(1'700'000'000'000);
  MemoryCounterStore store(clock, 4);
  std::atomic<bool> done{false};
  std::thread ticker([&] {
    while (!done.load()) {
      clock.advance(1'000);
      std::this_thread::yield();
    }
  });
  std::atomic<long> admitted{0};
  run_threads([&](int t) {
    std::vector<std::string> keys;
    for (int k = 0; k < 50; ++k) keys.push_back("t" + std::to_string(t) + "-k" + std::to_string(k));
    for (int i = 0; i < 4'000; ++i) {
      const std::vector<ScopeCheck> scopes{
          {ScopeRef::global(), {{50, 5'000, 0}, {}}},
          {ScopeRef::key(keys[static_cast<std::size_t>(i) % keys.size()]), {{5, 0, 1}, {}}}};
      const ReserveRequest request{scopes, 20, 0};
      ReserveResult r = store.reserve_now(request);
      if (r.status == ReserveStatus::admitted) {
        admitted.fetch_add(1);
        store.settle_now(r.reservation, 40, 0);
      }
    }
  });
  done.store(true);
  ticker.join();
  EXPECT_GT(admitted.load(), 0);
  EXPECT_LE(store.scope_count(), 1u + kThreads * 50u);
}

}  // namespace
}  // namespace llmgw::store
