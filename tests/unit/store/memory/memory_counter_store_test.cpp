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

TEST_F(MemoryCounterStoreTest, AdmitsUpToTheRpmThenDeniesWithRetryAfter) {
  for (int i = 0; i < 3; ++i) {
    ReserveResult r = reserve({{ScopeRef::key("k1"), rate(3)}});
    ASSERT_EQ(r.status, ReserveStatus::admitted) << i;
    ASSERT_TRUE(r.requests);
    EXPECT_EQ(r.requests->limit, 3);
    EXPECT_EQ(r.requests->remaining, 2 - i);
    EXPECT_EQ(r.requests->reset_ms, 61'000 - 250);
    EXPECT_FALSE(r.tokens);
    store_.settle_now(r.reservation, 0, 0);
  }
  clock_.advance(10'000);
  const ReserveResult denied = reserve({{ScopeRef::key("k1"), rate(3)}});
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.reason, LimitReason::rpm);
  EXPECT_EQ(denied.denial.scope_index, 0u);
  EXPECT_FALSE(denied.denial.never);
  EXPECT_EQ(denied.denial.retry_after_ms, 61'000 - 10'250);
  EXPECT_EQ(denied.requests->remaining, 0);
  EXPECT_TRUE(denied.reservation.empty());
  // The window rolls over exactly when the retry-after said.
  clock_.advance(denied.denial.retry_after_ms - 1);
  EXPECT_EQ(reserve({{ScopeRef::key("k1"), rate(3)}}).status, ReserveStatus::denied);
  clock_.advance(1);
  EXPECT_EQ(reserve({{ScopeRef::key("k1"), rate(3)}}).status, ReserveStatus::admitted);
}

TEST_F(MemoryCounterStoreTest, AllOrNothingAcrossScopes) {
  const ScopeCheck global{ScopeRef::global(), rate(2)};
  EXPECT_EQ(reserve({global, {ScopeRef::key("k1"), rate(1)}}).status, ReserveStatus::admitted);
  const ReserveResult denied = reserve({global, {ScopeRef::key("k1"), rate(1)}});
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.scope_index, 1u);
  // The denied request was not counted globally: another key still gets the second slot.
  EXPECT_EQ(reserve({global, {ScopeRef::key("k2"), rate(1)}}).status, ReserveStatus::admitted);
  const ReserveResult full = reserve({global, {ScopeRef::key("k3"), rate(1)}});
  ASSERT_EQ(full.status, ReserveStatus::denied);
  EXPECT_EQ(full.denial.scope_index, 0u);
}

TEST_F(MemoryCounterStoreTest, KeyModelAndKeyAreDifferentScopes) {
  EXPECT_EQ(reserve({{ScopeRef::key_model("k1", "gpt"), rate(1)}}).status, ReserveStatus::admitted);
  EXPECT_EQ(reserve({{ScopeRef::key_model("k1", "claude"), rate(1)}}).status,
            ReserveStatus::admitted);
  EXPECT_EQ(reserve({{ScopeRef::key("k1"), rate(1)}}).status, ReserveStatus::admitted);
  EXPECT_EQ(reserve({{ScopeRef::key_model("k1", "gpt"), rate(1)}}).status, ReserveStatus::denied);
}

TEST_F(MemoryCounterStoreTest, TheLongestWaitDecidesTheDenial) {
  // Key: RPM full, wait about 61 s. Team: daily budget full, wait until midnight.
  ReserveResult first = reserve(
      {{ScopeRef::team("t"), budget(100, BudgetPeriod::day)}, {ScopeRef::key("k"), rate(1)}}, 0,
      100);
  ASSERT_EQ(first.status, ReserveStatus::admitted);
  store_.settle_now(first.reservation, 0, 100);
  const ReserveResult denied = reserve(
      {{ScopeRef::team("t"), budget(100, BudgetPeriod::day)}, {ScopeRef::key("k"), rate(1)}}, 0, 1);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.reason, LimitReason::budget);
  EXPECT_EQ(denied.denial.scope_index, 0u);
  EXPECT_EQ(denied.denial.retry_after_ms, utc(2024, 5, 15) - clock_.now_ms());
}

TEST_F(MemoryCounterStoreTest, TpmSettlesDownAndFreesRoom) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 1'000)};
  ReserveResult first = reserve({key}, 800);
  ASSERT_EQ(first.status, ReserveStatus::admitted);
  EXPECT_EQ(first.tokens->remaining, 200);
  const ReserveResult denied = reserve({key}, 300);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.reason, LimitReason::tpm);
  EXPECT_EQ(denied.tokens->remaining, 200);
  clock_.advance(5'000);
  EXPECT_EQ(store_.settle_now(first.reservation, 100, -1).status, SettleStatus::settled);
  const ReserveResult second = reserve({key}, 300);
  ASSERT_EQ(second.status, ReserveStatus::admitted);
  EXPECT_EQ(second.tokens->remaining, 600);
}

TEST_F(MemoryCounterStoreTest, TpmSettlesUpAndTheNextRequestsWait) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 1'000)};
  ReserveResult first = reserve({key}, 500);
  ASSERT_EQ(first.status, ReserveStatus::admitted);
  clock_.advance(3'000);
  store_.settle_now(first.reservation, 1'500, -1);
  const ReserveResult denied = reserve({key}, 1);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.tokens->remaining, 0);
  EXPECT_EQ(denied.denial.retry_after_ms, 61'000 - 3'250);  // The bucket of admission leaves.
}

TEST_F(MemoryCounterStoreTest, TpmExcessAfterTheWindowMovedOnIsCountedNow) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 1'000)};
  ReserveResult stream = reserve({key}, 400);
  clock_.advance(120'000);  // A long stream: its estimate has left the window.
  store_.settle_now(stream.reservation, 900, -1);
  const ReserveResult next = reserve({key}, 200);
  ASSERT_EQ(next.status, ReserveStatus::admitted);
  EXPECT_EQ(next.tokens->remaining, 1'000 - 500 - 200);  // Only the excess, 500, came back.
}

TEST_F(MemoryCounterStoreTest, RequestLargerThanTheTpmNeverFits) {
  const ReserveResult denied = reserve({{ScopeRef::key("k"), rate(0, 1'000)}}, 1'001);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_TRUE(denied.denial.never);
  EXPECT_EQ(denied.denial.reason, LimitReason::tpm);
}

TEST_F(MemoryCounterStoreTest, ConcurrencyIsReleasedBySettle) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 0, 2)};
  ReserveResult a = reserve({key});
  ReserveResult b = reserve({key});
  ASSERT_EQ(a.status, ReserveStatus::admitted);
  ASSERT_EQ(b.status, ReserveStatus::admitted);
  const ReserveResult c = reserve({key});
  ASSERT_EQ(c.status, ReserveStatus::denied);
  EXPECT_EQ(c.denial.reason, LimitReason::parallel);
  EXPECT_EQ(c.denial.retry_after_ms, MemoryCounterStore::kParallelRetryMs);
  store_.settle_now(a.reservation, 0, 0);
  ReserveResult d = reserve({key});
  EXPECT_EQ(d.status, ReserveStatus::admitted);
}

TEST_F(MemoryCounterStoreTest, SettleIsOnceOnly) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 0, 1)};
  ReserveResult a = reserve({key});
  Reservation held = std::move(a.reservation);
  EXPECT_TRUE(a.reservation.empty());  // Moved-from: settling it does nothing.
  EXPECT_EQ(store_.settle_now(a.reservation, 0, 0).status, SettleStatus::empty);
  EXPECT_EQ(store_.settle_now(held, 0, 0).status, SettleStatus::settled);
  EXPECT_EQ(store_.settle_now(held, 0, 0).status, SettleStatus::empty);
  ReserveResult b = reserve({key});
  ASSERT_EQ(b.status, ReserveStatus::admitted);
  // Had the second settle released again, a third request would be admitted here.
  EXPECT_EQ(reserve({key}).status, ReserveStatus::denied);
}

TEST_F(MemoryCounterStoreTest, BudgetReservesSettlesAndReportsEachThresholdOnce) {
  const ScopeCheck team{ScopeRef::team("t"), budget(1'000, BudgetPeriod::month)};
  std::vector<int> reported;
  const auto spend = [&](governance::pico_usd estimate, governance::pico_usd actual) {
    ReserveResult r = reserve({team}, 0, estimate);
    if (r.status != ReserveStatus::admitted) return false;
    const SettleResult s = store_.settle_now(r.reservation, 0, actual);
    for (const ThresholdCrossing& c : s.crossings()) {
      EXPECT_EQ(c.amount, 1'000);
      reported.push_back(c.percent);
    }
    return true;
  };
  EXPECT_TRUE(spend(400, 300));  // 30 %
  EXPECT_TRUE(reported.empty());
  EXPECT_TRUE(spend(100, 250));  // 55 %: actual above the estimate.
  EXPECT_EQ(reported, std::vector<int>({50}));
  EXPECT_TRUE(spend(10, 10));    // 56 %
  EXPECT_TRUE(spend(400, 400));  // 96 %: 80 crossed.
  EXPECT_EQ(reported, std::vector<int>({50, 80}));
  EXPECT_FALSE(spend(41, 41));  // 960 + 41 > 1000: refused up front.
  EXPECT_TRUE(spend(40, 60));   // 102 %
  EXPECT_EQ(reported, std::vector<int>({50, 80, 100}));
  const ReserveResult spent = reserve({team}, 0, 0);  // Even an unpriced request.
  ASSERT_EQ(spent.status, ReserveStatus::denied);
  EXPECT_EQ(spent.denial.reason, LimitReason::budget);
  EXPECT_EQ(spent.denial.retry_after_ms, utc(2024, 6, 1) - clock_.now_ms());
}

TEST_F(MemoryCounterStoreTest, ConcurrentEstimatesHoldTheBudget) {
  const ScopeCheck team{ScopeRef::team("t"), budget(1'000, BudgetPeriod::day)};
  ReserveResult a = reserve({team}, 0, 600);
  ASSERT_EQ(a.status, ReserveStatus::admitted);
  EXPECT_EQ(reserve({team}, 0, 500).status, ReserveStatus::denied);  // 600 pending.
  EXPECT_EQ(reserve({team}, 0, 1'001).status, ReserveStatus::denied);
  EXPECT_TRUE(reserve({team}, 0, 1'001).denial.never);
}

struct PeriodCase {
  BudgetPeriod period;
  std::int64_t last_moment;  ///< Still in the period of the first spend.
  std::int64_t next_start;
};

TEST_F(MemoryCounterStoreTest, BudgetPeriodsResetAtUtcBoundaries) {
  for (const PeriodCase& c : {
           PeriodCase{BudgetPeriod::day, utc(2024, 5, 14, 23, 59, 59), utc(2024, 5, 15)},
           // 2024-05-19 is a Sunday; the week starts again on Monday the 20th.
           PeriodCase{BudgetPeriod::week, utc(2024, 5, 19, 23, 59, 59), utc(2024, 5, 20)},
           PeriodCase{BudgetPeriod::month, utc(2024, 5, 31, 23, 59, 59), utc(2024, 6, 1)},
       }) {
    clock_.set(utc(2024, 5, 14, 10));
    const std::string team_id = "t" + std::string(governance::to_string(c.period));
    const ScopeCheck team{ScopeRef::team(team_id), budget(100, c.period)};
    ReserveResult r = reserve({team}, 0, 100);
    ASSERT_EQ(r.status, ReserveStatus::admitted);
    store_.settle_now(r.reservation, 0, 100);
    clock_.set(c.last_moment);
    const ReserveResult still = reserve({team}, 0, 1);
    ASSERT_EQ(still.status, ReserveStatus::denied) << team_id;
    EXPECT_EQ(still.denial.retry_after_ms, 1'000) << team_id;
    clock_.set(c.next_start);
    EXPECT_EQ(reserve({team}, 0, 100).status, ReserveStatus::admitted) << team_id;
  }
}

TEST_F(MemoryCounterStoreTest, TotalBudgetNeverResets) {
  const ScopeCheck key{ScopeRef::key("k"), budget(100, BudgetPeriod::total)};
  ReserveResult r = reserve({key}, 0, 100);
  store_.settle_now(r.reservation, 0, 100);
  clock_.advance(400LL * 86'400'000);
  const ReserveResult denied = reserve({key}, 0, 0);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_TRUE(denied.denial.never);
}

TEST_F(MemoryCounterStoreTest, SpendSettledAfterThePeriodEndedStaysInIt) {
  clock_.set(utc(2024, 5, 14, 23, 59, 59));
  const ScopeCheck team{ScopeRef::team("t"), budget(100, BudgetPeriod::day)};
  ReserveResult r = reserve({team}, 0, 10);
  clock_.set(utc(2024, 5, 15, 0, 0, 30));
  const SettleResult s = store_.settle_now(r.reservation, 0, 90);
  EXPECT_EQ(s.status, SettleStatus::settled);
  EXPECT_EQ(s.crossings().size(), 2u);  // 50 and 80 % of the day it was admitted in.
  EXPECT_EQ(reserve({team}, 0, 100).status, ReserveStatus::admitted);  // A fresh day.
}

TEST_F(MemoryCounterStoreTest, HeadersShowTheTightestScope) {
  const ReserveResult r = reserve({{ScopeRef::global(), rate(100, 1'000'000)},
                                   {ScopeRef::team("t"), rate(5, 0)},
                                   {ScopeRef::key("k"), rate(10, 2'000)}},
                                  1'500);
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  EXPECT_EQ(r.requests->limit, 5);
  EXPECT_EQ(r.requests->remaining, 4);
  EXPECT_EQ(r.tokens->limit, 2'000);
  EXPECT_EQ(r.tokens->remaining, 500);
  EXPECT_EQ(governance::format_openai_duration(r.tokens->reset_ms), "1m0.75s");
}

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

TEST_F(MemoryCounterStoreTest, TooManyScopesIsACallerBug) {
  std::vector<ScopeCheck> many(kMaxScopes + 1, ScopeCheck{ScopeRef::global(), rate(1)});
  EXPECT_EQ(reserve(many).status, ReserveStatus::unavailable);
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

}  // namespace
}  // namespace llmgw::store
