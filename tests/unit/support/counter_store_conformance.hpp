#pragma once
// The admission rules of counter_store.hpp as one typed test suite, run against every
// CounterStore backend, so memory and Redis admit exactly the same requests. A backend is a
// class with:
//   ManualWallClock clock;                      // what the store reads (Redis: ARGV time)
//   static constexpr std::int64_t kParallelRetryMs;
//   std::string skip_reason() const;            // non-empty: the backend cannot run here
//   ReserveResult reserve(const ReserveRequest&);
//   SettleResult settle(Reservation&, std::int64_t tokens, pico_usd cost);
// constructed fresh (empty state) for each test. Instantiate with
//   INSTANTIATE_TYPED_TEST_SUITE_P(Name, CounterStoreConformance, Backend);
// Backend-specific behaviour (memory: forgetting idle scopes; Redis: TTLs, outages) is
// tested next to each backend.

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "llmgw/core/wall_clock.hpp"
#include "llmgw/store/counter_store.hpp"

namespace llmgw::store::conformance {

using governance::BudgetPeriod;
using governance::ScopeLimits;
using governance::ScopeRef;

inline std::int64_t utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  using namespace std::chrono;
  const sys_days day = year{y} / month{m} / d;
  return duration_cast<milliseconds>(day.time_since_epoch()).count() +
         ((hh * 60 + mm) * 60 + ss) * 1000LL;
}

inline ScopeLimits rate(std::int64_t rpm, std::int64_t tpm = 0, std::int64_t parallel = 0) {
  return {{rpm, tpm, parallel}, {}};
}
inline ScopeLimits budget(governance::pico_usd amount, BudgetPeriod period) {
  return {{}, {amount, period}};
}

template <class Backend>
class CounterStoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string reason = backend_.skip_reason();
    if (!reason.empty()) GTEST_SKIP() << reason;
    backend_.clock.set(utc(2024, 5, 14, 10, 0, 0) + 250);
  }
  ReserveResult reserve(std::vector<ScopeCheck> scopes, std::int64_t tokens = 0,
                        governance::pico_usd cost = 0) {
    scopes_ = std::move(scopes);
    const ReserveRequest request{scopes_, tokens, cost};
    return backend_.reserve(request);
  }
  SettleResult settle(Reservation& r, std::int64_t tokens, governance::pico_usd cost) {
    return backend_.settle(r, tokens, cost);
  }
  ManualWallClock& clock() { return backend_.clock; }

  Backend backend_;
  std::vector<ScopeCheck> scopes_;
};

TYPED_TEST_SUITE_P(CounterStoreConformance);

TYPED_TEST_P(CounterStoreConformance, AdmitsUpToTheRpmThenDeniesWithRetryAfter) {
  for (int i = 0; i < 3; ++i) {
    ReserveResult r = this->reserve({{ScopeRef::key("k1"), rate(3)}});
    ASSERT_EQ(r.status, ReserveStatus::admitted) << i;
    ASSERT_TRUE(r.requests);
    EXPECT_EQ(r.requests->limit, 3);
    EXPECT_EQ(r.requests->remaining, 2 - i);
    EXPECT_EQ(r.requests->reset_ms, 61'000 - 250);
    EXPECT_FALSE(r.tokens);
    this->settle(r.reservation, 0, 0);
  }
  this->clock().advance(10'000);
  const ReserveResult denied = this->reserve({{ScopeRef::key("k1"), rate(3)}});
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.reason, LimitReason::rpm);
  EXPECT_EQ(denied.denial.scope_index, 0u);
  EXPECT_FALSE(denied.denial.never);
  EXPECT_EQ(denied.denial.retry_after_ms, 61'000 - 10'250);
  EXPECT_EQ(denied.requests->remaining, 0);
  EXPECT_TRUE(denied.reservation.empty());
  this->clock().advance(denied.denial.retry_after_ms - 1);
  EXPECT_EQ(this->reserve({{ScopeRef::key("k1"), rate(3)}}).status, ReserveStatus::denied);
  this->clock().advance(1);
  EXPECT_EQ(this->reserve({{ScopeRef::key("k1"), rate(3)}}).status, ReserveStatus::admitted);
}

TYPED_TEST_P(CounterStoreConformance, AllOrNothingAcrossScopes) {
  const ScopeCheck global{ScopeRef::global(), rate(2)};
  EXPECT_EQ(this->reserve({global, {ScopeRef::key("k1"), rate(1)}}).status,
            ReserveStatus::admitted);
  const ReserveResult denied = this->reserve({global, {ScopeRef::key("k1"), rate(1)}});
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.scope_index, 1u);
  EXPECT_EQ(this->reserve({global, {ScopeRef::key("k2"), rate(1)}}).status,
            ReserveStatus::admitted);
  const ReserveResult full = this->reserve({global, {ScopeRef::key("k3"), rate(1)}});
  ASSERT_EQ(full.status, ReserveStatus::denied);
  EXPECT_EQ(full.denial.scope_index, 0u);
}

TYPED_TEST_P(CounterStoreConformance, DistinctScopesNeverShareCounters) {
  EXPECT_EQ(this->reserve({{ScopeRef::key_model("k1", "gpt"), rate(1)}}).status,
            ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({{ScopeRef::key_model("k1", "claude"), rate(1)}}).status,
            ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({{ScopeRef::key("k1"), rate(1)}}).status, ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({{ScopeRef::key_model("k1", "gpt"), rate(1)}}).status,
            ReserveStatus::denied);
  // Separators inside names must not make two scopes one.
  EXPECT_EQ(this->reserve({{ScopeRef::key_model("a:b", "c"), rate(1)}}).status,
            ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({{ScopeRef::key_model("a", "b:c"), rate(1)}}).status,
            ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({{ScopeRef::team("x"), rate(1)}}).status, ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({{ScopeRef::key("x"), rate(1)}}).status, ReserveStatus::admitted);
}

TYPED_TEST_P(CounterStoreConformance, TheLongestWaitDecidesTheDenial) {
  ReserveResult first = this->reserve(
      {{ScopeRef::team("t"), budget(100, BudgetPeriod::day)}, {ScopeRef::key("k"), rate(1)}}, 0,
      100);
  ASSERT_EQ(first.status, ReserveStatus::admitted);
  this->settle(first.reservation, 0, 100);
  const ReserveResult denied = this->reserve(
      {{ScopeRef::team("t"), budget(100, BudgetPeriod::day)}, {ScopeRef::key("k"), rate(1)}}, 0, 1);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.reason, LimitReason::budget);
  EXPECT_EQ(denied.denial.scope_index, 0u);
  EXPECT_EQ(denied.denial.retry_after_ms, utc(2024, 5, 15) - this->clock().now_ms());
}

TYPED_TEST_P(CounterStoreConformance, TpmSettlesDownAndFreesRoom) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 1'000)};
  ReserveResult first = this->reserve({key}, 800);
  ASSERT_EQ(first.status, ReserveStatus::admitted);
  EXPECT_EQ(first.tokens->remaining, 200);
  const ReserveResult denied = this->reserve({key}, 300);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.denial.reason, LimitReason::tpm);
  EXPECT_EQ(denied.tokens->remaining, 200);
  this->clock().advance(5'000);
  EXPECT_EQ(this->settle(first.reservation, 100, -1).status, SettleStatus::settled);
  const ReserveResult second = this->reserve({key}, 300);
  ASSERT_EQ(second.status, ReserveStatus::admitted);
  EXPECT_EQ(second.tokens->remaining, 600);
}

TYPED_TEST_P(CounterStoreConformance, TpmSettlesUpAndTheNextRequestsWait) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 1'000)};
  ReserveResult first = this->reserve({key}, 500);
  ASSERT_EQ(first.status, ReserveStatus::admitted);
  this->clock().advance(3'000);
  this->settle(first.reservation, 1'500, -1);
  const ReserveResult denied = this->reserve({key}, 1);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_EQ(denied.tokens->remaining, 0);
  EXPECT_EQ(denied.denial.retry_after_ms, 61'000 - 3'250);
}

TYPED_TEST_P(CounterStoreConformance, TpmExcessAfterTheWindowMovedOnIsCountedNow) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 1'000)};
  ReserveResult stream = this->reserve({key}, 400);
  this->clock().advance(120'000);
  this->settle(stream.reservation, 900, -1);
  const ReserveResult next = this->reserve({key}, 200);
  ASSERT_EQ(next.status, ReserveStatus::admitted);
  EXPECT_EQ(next.tokens->remaining, 1'000 - 500 - 200);
}

TYPED_TEST_P(CounterStoreConformance, RequestLargerThanTheTpmNeverFits) {
  const ReserveResult denied = this->reserve({{ScopeRef::key("k"), rate(0, 1'000)}}, 1'001);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_TRUE(denied.denial.never);
  EXPECT_EQ(denied.denial.reason, LimitReason::tpm);
}

TYPED_TEST_P(CounterStoreConformance, ConcurrencyIsReleasedBySettle) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 0, 2)};
  ReserveResult a = this->reserve({key});
  ReserveResult b = this->reserve({key});
  ASSERT_EQ(a.status, ReserveStatus::admitted);
  ASSERT_EQ(b.status, ReserveStatus::admitted);
  const ReserveResult c = this->reserve({key});
  ASSERT_EQ(c.status, ReserveStatus::denied);
  EXPECT_EQ(c.denial.reason, LimitReason::parallel);
  EXPECT_EQ(c.denial.retry_after_ms, TypeParam::kParallelRetryMs);
  this->settle(a.reservation, 0, 0);
  EXPECT_EQ(this->reserve({key}).status, ReserveStatus::admitted);
}

TYPED_TEST_P(CounterStoreConformance, SettleIsOnceOnly) {
  const ScopeCheck key{ScopeRef::key("k"), rate(0, 0, 1)};
  ReserveResult a = this->reserve({key});
  Reservation held = std::move(a.reservation);
  EXPECT_TRUE(a.reservation.empty());
  EXPECT_EQ(this->settle(a.reservation, 0, 0).status, SettleStatus::empty);
  EXPECT_EQ(this->settle(held, 0, 0).status, SettleStatus::settled);
  EXPECT_EQ(this->settle(held, 0, 0).status, SettleStatus::empty);
  ReserveResult b = this->reserve({key});
  ASSERT_EQ(b.status, ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({key}).status, ReserveStatus::denied);
}

TYPED_TEST_P(CounterStoreConformance, BudgetReservesSettlesAndReportsEachThresholdOnce) {
  const ScopeCheck team{ScopeRef::team("t"), budget(1'000, BudgetPeriod::month)};
  std::vector<int> reported;
  const auto spend = [&](governance::pico_usd estimate, governance::pico_usd actual) {
    ReserveResult r = this->reserve({team}, 0, estimate);
    if (r.status != ReserveStatus::admitted) return false;
    const SettleResult s = this->settle(r.reservation, 0, actual);
    for (const ThresholdCrossing& c : s.crossings()) {
      EXPECT_EQ(c.amount, 1'000);
      // The settle consumed the reservation; the slot a crossing names is still readable.
      EXPECT_TRUE(r.reservation.empty());
      EXPECT_TRUE(c.slot_index < r.reservation.slots().size() &&
                  r.reservation.slots()[c.slot_index].scope.id == "t");
      reported.push_back(c.percent);
    }
    return true;
  };
  EXPECT_TRUE(spend(400, 300));
  EXPECT_TRUE(reported.empty());
  EXPECT_TRUE(spend(100, 250));
  EXPECT_EQ(reported, std::vector<int>({50}));
  EXPECT_TRUE(spend(10, 10));
  EXPECT_TRUE(spend(400, 400));
  EXPECT_EQ(reported, std::vector<int>({50, 80}));
  EXPECT_FALSE(spend(41, 41));
  EXPECT_TRUE(spend(40, 60));
  EXPECT_EQ(reported, std::vector<int>({50, 80, 100}));
  const ReserveResult spent = this->reserve({team}, 0, 0);
  ASSERT_EQ(spent.status, ReserveStatus::denied);
  EXPECT_EQ(spent.denial.reason, LimitReason::budget);
  EXPECT_EQ(spent.denial.retry_after_ms, utc(2024, 6, 1) - this->clock().now_ms());
}

TYPED_TEST_P(CounterStoreConformance, ConcurrentEstimatesHoldTheBudget) {
  const ScopeCheck team{ScopeRef::team("t"), budget(1'000, BudgetPeriod::day)};
  ReserveResult a = this->reserve({team}, 0, 600);
  ASSERT_EQ(a.status, ReserveStatus::admitted);
  EXPECT_EQ(this->reserve({team}, 0, 500).status, ReserveStatus::denied);
  EXPECT_EQ(this->reserve({team}, 0, 1'001).status, ReserveStatus::denied);
  EXPECT_TRUE(this->reserve({team}, 0, 1'001).denial.never);
}

TYPED_TEST_P(CounterStoreConformance, BudgetPeriodsResetAtUtcBoundaries) {
  struct Case {
    BudgetPeriod period;
    std::int64_t last_moment;
    std::int64_t next_start;
  };
  for (const Case& c : {
           Case{BudgetPeriod::day, utc(2024, 5, 14, 23, 59, 59), utc(2024, 5, 15)},
           Case{BudgetPeriod::week, utc(2024, 5, 19, 23, 59, 59), utc(2024, 5, 20)},
           Case{BudgetPeriod::month, utc(2024, 5, 31, 23, 59, 59), utc(2024, 6, 1)},
       }) {
    this->clock().set(utc(2024, 5, 14, 10));
    const std::string team_id = "t" + std::string(governance::to_string(c.period));
    const ScopeCheck team{ScopeRef::team(team_id), budget(100, c.period)};
    ReserveResult r = this->reserve({team}, 0, 100);
    ASSERT_EQ(r.status, ReserveStatus::admitted);
    this->settle(r.reservation, 0, 100);
    this->clock().set(c.last_moment);
    const ReserveResult still = this->reserve({team}, 0, 1);
    ASSERT_EQ(still.status, ReserveStatus::denied) << team_id;
    EXPECT_EQ(still.denial.retry_after_ms, 1'000) << team_id;
    this->clock().set(c.next_start);
    EXPECT_EQ(this->reserve({team}, 0, 100).status, ReserveStatus::admitted) << team_id;
  }
}

// The Redis script has its own calendar (Lua): it must end periods where limits.cpp does.
TYPED_TEST_P(CounterStoreConformance, BudgetPeriodsEndWhereTheCalendarSays) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> instant(utc(1999, 12, 1), utc(2101, 3, 1));
  for (int i = 0; i < 60; ++i) {
    const std::int64_t now = instant(rng);
    const auto period = static_cast<BudgetPeriod>(i % 3);  // day, week, month
    this->clock().set(now);
    const std::string team_id = "calendar" + std::to_string(i);
    const ScopeCheck team{ScopeRef::team(team_id), budget(10, period)};
    ReserveResult r = this->reserve({team}, 0, 10);
    ASSERT_EQ(r.status, ReserveStatus::admitted);
    const ReserveResult denied = this->reserve({team}, 0, 1);
    ASSERT_EQ(denied.status, ReserveStatus::denied);
    EXPECT_EQ(denied.denial.retry_after_ms, governance::budget_period(period, now).end_ms - now)
        << governance::to_string(period) << " at " << now;
    this->settle(r.reservation, 0, 10);
  }
}

TYPED_TEST_P(CounterStoreConformance, TotalBudgetNeverResets) {
  const ScopeCheck key{ScopeRef::key("k"), budget(100, BudgetPeriod::total)};
  ReserveResult r = this->reserve({key}, 0, 100);
  this->settle(r.reservation, 0, 100);
  this->clock().advance(400LL * 86'400'000);
  const ReserveResult denied = this->reserve({key}, 0, 0);
  ASSERT_EQ(denied.status, ReserveStatus::denied);
  EXPECT_TRUE(denied.denial.never);
}

TYPED_TEST_P(CounterStoreConformance, SpendSettledAfterThePeriodEndedStaysInIt) {
  this->clock().set(utc(2024, 5, 14, 23, 59, 59));
  const ScopeCheck team{ScopeRef::team("t"), budget(100, BudgetPeriod::day)};
  ReserveResult r = this->reserve({team}, 0, 10);
  this->clock().set(utc(2024, 5, 15, 0, 0, 30));
  const SettleResult s = this->settle(r.reservation, 0, 90);
  EXPECT_EQ(s.status, SettleStatus::settled);
  EXPECT_EQ(s.crossings().size(), 2u);
  EXPECT_EQ(this->reserve({team}, 0, 100).status, ReserveStatus::admitted);
}

TYPED_TEST_P(CounterStoreConformance, HeadersShowTheTightestScope) {
  const ReserveResult r = this->reserve({{ScopeRef::global(), rate(100, 1'000'000)},
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

TYPED_TEST_P(CounterStoreConformance, UnlimitedScopesAreNotCounted) {
  ReserveResult r = this->reserve({{ScopeRef::global(), {}}, {ScopeRef::key("k"), {}}}, 10, 10);
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  EXPECT_TRUE(r.reservation.slots().empty());
  EXPECT_FALSE(r.requests);
  EXPECT_EQ(this->settle(r.reservation, 10, 10).status, SettleStatus::settled);
}

TYPED_TEST_P(CounterStoreConformance, TooManyScopesIsACallerBug) {
  std::vector<ScopeCheck> many(kMaxScopes + 1, ScopeCheck{ScopeRef::global(), rate(1)});
  EXPECT_EQ(this->reserve(many).status, ReserveStatus::unavailable);
}

REGISTER_TYPED_TEST_SUITE_P(CounterStoreConformance, AdmitsUpToTheRpmThenDeniesWithRetryAfter,
                            AllOrNothingAcrossScopes, DistinctScopesNeverShareCounters,
                            TheLongestWaitDecidesTheDenial, TpmSettlesDownAndFreesRoom,
                            TpmSettlesUpAndTheNextRequestsWait,
                            TpmExcessAfterTheWindowMovedOnIsCountedNow,
                            RequestLargerThanTheTpmNeverFits, ConcurrencyIsReleasedBySettle,
                            SettleIsOnceOnly, BudgetReservesSettlesAndReportsEachThresholdOnce,
                            ConcurrentEstimatesHoldTheBudget, BudgetPeriodsResetAtUtcBoundaries,
                            BudgetPeriodsEndWhereTheCalendarSays, TotalBudgetNeverResets,
                            SpendSettledAfterThePeriodEndedStaysInIt, HeadersShowTheTightestScope,
                            UnlimitedScopesAreNotCounted, TooManyScopesIsACallerBug);

}  // namespace llmgw::store::conformance
