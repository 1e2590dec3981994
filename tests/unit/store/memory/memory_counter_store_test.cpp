#include "store/memory/memory_counter_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "support/sync_wait.hpp"

namespace llmgw::store {
namespace {

using governance::BudgetPeriod;
using governance::ScopeLimits;
using governance::ScopeRef;

std::int64_t utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  using namespace std::chrono;
  const sys_days day = year{y} / month{m} / d;
  return duration_cast<milliseconds>(day.time_since_epoch()).count() +
         ((hh * 60 + mm) * 60 + ss) * 1000LL;
}

ScopeLimits rate(std::int64_t rpm, std::int64_t tpm = 0, std::int64_t parallel = 0) {
  return {{rpm, tpm, parallel}, {}};
}
ScopeLimits budget(governance::pico_usd amount, BudgetPeriod period) {
  return {{}, {amount, period}};
}

// What every counter store must do is tested once for all of them in
// support/counter_store_conformance.hpp (instantiated for this store in
// memory_counter_store_conformance_test.cpp); this file holds what only the memory store does:
// it stores nothing for unlimited scopes and forgets idle ones.
class MemoryCounterStoreTest : public ::testing::Test {
 protected:
  ReserveResult reserve(std::vector<ScopeCheck> scopes, std::int64_t tokens = 0,
                        governance::pico_usd cost = 0) {
    scopes_ = std::move(scopes);
    const ReserveRequest request{scopes_, tokens, cost};
    return store_.reserve_now(request);
  }

  ManualWallClock clock_{utc(2024, 5, 14, 10, 0, 0) + 250};
  MemoryCounterStore store_{clock_, 4};
  std::vector<ScopeCheck> scopes_;
};

TEST_F(MemoryCounterStoreTest, UnlimitedScopesAreNeitherCountedNorStored) {
  ReserveResult r = reserve({{ScopeRef::global(), {}}, {ScopeRef::key("k"), {}}}, 10, 10);
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  EXPECT_TRUE(r.reservation.slots().empty());
  EXPECT_FALSE(r.requests);
  EXPECT_EQ(store_.scope_count(), 0u);
  EXPECT_EQ(store_.settle_now(r.reservation, 10, 10).status, SettleStatus::settled);
}

TEST_F(MemoryCounterStoreTest, IdleScopesAreForgottenAndBudgetsWithSpendKept) {
  for (int i = 0; i < 50; ++i) {
    const std::string key = "key-" + std::to_string(i);
    ReserveResult r = reserve({{ScopeRef::key(key), rate(10, 100, 1)}}, 5);
    store_.settle_now(r.reservation, 5, 0);
  }
  ReserveResult spent = reserve({{ScopeRef::team("t"), budget(100, BudgetPeriod::day)}}, 0, 5);
  store_.settle_now(spent.reservation, 0, 5);
  ReserveResult open = reserve({{ScopeRef::team("busy"), rate(10)}});  // Never settled.
  EXPECT_EQ(store_.scope_count(), 52u);
  clock_.advance(62'000);
  // Sweeps run inside operations, once per window per shard; 40 keys touch every shard.
  const auto touch = [&](const std::string& prefix) {
    for (int i = 0; i < 40; ++i) {
      const std::string key = prefix + std::to_string(i);  // Outlives the reservation.
      ReserveResult r = reserve({{ScopeRef::key(key), rate(10)}});
      store_.settle_now(r.reservation, 0, 0);
    }
  };
  touch("tick");
  EXPECT_EQ(store_.scope_count(), 2u + 40u);  // The 50 idle keys are gone.
  clock_.advance(62'000);
  touch("tock");
  EXPECT_EQ(store_.scope_count(), 2u + 40u);  // The budget, the open one, the tocks.
  ReserveResult again = reserve({{ScopeRef::team("t"), budget(100, BudgetPeriod::day)}}, 0, 96);
  EXPECT_EQ(again.status, ReserveStatus::denied);  // The 5 spent are still counted.
  EXPECT_EQ(store_.settle_now(open.reservation, 0, 0).status, SettleStatus::settled);
}

TEST_F(MemoryCounterStoreTest, AwaitableInterface) {
  CounterStore& store = store_;
  const std::vector<ScopeCheck> scopes{{ScopeRef::key("k"), rate(1, 100)}};
  const ReserveRequest request{scopes, 40, 0};
  ReserveResult r = testing::sync_wait(store.reserve(request));
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  const SettleResult s = testing::sync_wait(store.settle(r.reservation, 30, 0));
  EXPECT_EQ(s.status, SettleStatus::settled);
  EXPECT_TRUE(r.reservation.empty());
}

// The limits stage calls these first and awaits only when they return false.
TEST_F(MemoryCounterStoreTest, AnswersAtOnceThroughTheInterface) {
  CounterStore& store = store_;
  const std::vector<ScopeCheck> scopes{{ScopeRef::key("k"), rate(1, 100)}};
  const ReserveRequest request{scopes, 40, 0};
  ReserveResult first;
  ASSERT_TRUE(store.reserve_at_once(request, first));
  ASSERT_EQ(first.status, ReserveStatus::admitted);
  ASSERT_TRUE(first.requests.has_value());
  EXPECT_EQ(first.requests->remaining, 0);
  ReserveResult second;
  ASSERT_TRUE(store.reserve_at_once(request, second));
  EXPECT_EQ(second.status, ReserveStatus::denied);
  SettleResult settled;
  ASSERT_TRUE(store.settle_at_once(first.reservation, 30, 0, settled));
  EXPECT_EQ(settled.status, SettleStatus::settled);
  EXPECT_TRUE(first.reservation.empty());
  ASSERT_TRUE(store.settle_at_once(first.reservation, 30, 0, settled));
  EXPECT_EQ(settled.status, SettleStatus::empty);
}

}  // namespace
}  // namespace llmgw::store
