// Tests for src/routing/circuit_breaker.cpp: the state machine on a made-up clock.
#include "routing/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace llmgw::routing {
namespace {

using std::chrono::milliseconds;

config::BreakerPolicy policy() {
  config::BreakerPolicy p;
  p.enabled = true;
  p.consecutive_failures = 3;
  p.error_rate_percent = 50;
  p.min_requests = 10;
  p.window = milliseconds(10'000);
  p.cooldown = milliseconds(1'000);
  p.half_open_probes = 1;
  return p;
}

const TimePoint kStart = TimePoint(std::chrono::hours(1000));

bool admit(CircuitBreaker& breaker, const config::BreakerPolicy& p, TimePoint now) {
  std::optional<BreakerState> changed;
  return breaker.admit(p, now, changed);
}

TEST(CircuitBreakerTest, OpensAfterConsecutiveFailures) {
  const auto p = policy();
  CircuitBreaker breaker;
  EXPECT_EQ(breaker.on_failure(p, kStart), std::nullopt);
  EXPECT_EQ(breaker.on_failure(p, kStart), std::nullopt);
  EXPECT_EQ(breaker.on_failure(p, kStart), BreakerState::open);
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_FALSE(breaker.available(p, kStart + milliseconds(999)));
  EXPECT_FALSE(admit(breaker, p, kStart + milliseconds(999)));
}

TEST(CircuitBreakerTest, ASuccessResetsTheRun) {
  const auto p = policy();
  CircuitBreaker breaker;
  breaker.on_failure(p, kStart);
  breaker.on_failure(p, kStart);
  breaker.on_success(p, kStart);
  EXPECT_EQ(breaker.on_failure(p, kStart), std::nullopt);
  EXPECT_EQ(breaker.state(), BreakerState::closed);
}

TEST(CircuitBreakerTest, CoolsDownToHalfOpenWithLimitedProbesThenCloses) {
  const auto p = policy();
  CircuitBreaker breaker;
  for (int i = 0; i < 3; ++i) breaker.on_failure(p, kStart);
  const TimePoint later = kStart + milliseconds(1000);
  EXPECT_TRUE(breaker.available(p, later));
  std::optional<BreakerState> changed;
  EXPECT_TRUE(breaker.admit(p, later, changed));
  EXPECT_EQ(changed, BreakerState::half_open);
  EXPECT_FALSE(admit(breaker, p, later));  // The one probe is out.
  EXPECT_FALSE(breaker.available(p, later));
  EXPECT_EQ(breaker.on_success(p, later), BreakerState::closed);
  EXPECT_TRUE(admit(breaker, p, later));
  // A fresh start: the failures before it do not count.
  EXPECT_EQ(breaker.on_failure(p, later), std::nullopt);
}

TEST(CircuitBreakerTest, AFailedProbeReopensForAnotherCooldown) {
  const auto p = policy();
  CircuitBreaker breaker;
  for (int i = 0; i < 3; ++i) breaker.on_failure(p, kStart);
  const TimePoint probe_at = kStart + milliseconds(1500);
  EXPECT_TRUE(admit(breaker, p, probe_at));
  EXPECT_EQ(breaker.on_failure(p, probe_at), BreakerState::open);
  EXPECT_FALSE(breaker.available(p, probe_at + milliseconds(999)));
  EXPECT_TRUE(breaker.available(p, probe_at + milliseconds(1000)));
}

TEST(CircuitBreakerTest, AnAbandonedProbeFreesItsSlot) {
  const auto p = policy();
  CircuitBreaker breaker;
  for (int i = 0; i < 3; ++i) breaker.on_failure(p, kStart);
  const TimePoint later = kStart + milliseconds(1000);
  EXPECT_TRUE(admit(breaker, p, later));
  breaker.on_abandoned();
  EXPECT_TRUE(admit(breaker, p, later));
}

TEST(CircuitBreakerTest, OpensOnTheErrorRateOnceTheWindowHasEnoughRequests) {
  auto p = policy();
  p.consecutive_failures = 1000;  // Only the rate can trip it.
  CircuitBreaker breaker;
  // Alternating: 50 % failures, never two in a row.
  std::optional<BreakerState> changed;
  int requests = 0;
  for (; requests < 20 && !changed; ++requests) {
    const TimePoint now = kStart + milliseconds(requests * 100);
    changed = requests % 2 == 0 ? breaker.on_success(p, now) : breaker.on_failure(p, now);
  }
  EXPECT_EQ(changed, BreakerState::open);
  EXPECT_EQ(requests, 10);  // Not before min_requests.
}

TEST(CircuitBreakerTest, OldFailuresLeaveTheWindow) {
  auto p = policy();
  p.consecutive_failures = 1000;
  CircuitBreaker breaker;
  for (int i = 0; i < 5; ++i) {
    breaker.on_failure(p, kStart);
    breaker.on_success(p, kStart);
  }
  // 11 seconds later the window holds only successes and one failure.
  const TimePoint later = kStart + milliseconds(11'000);
  for (int i = 0; i < 9; ++i) breaker.on_success(p, later);
  EXPECT_EQ(breaker.on_failure(p, later), std::nullopt);
  EXPECT_EQ(breaker.state(), BreakerState::closed);
}

}  // namespace
}  // namespace llmgw::routing
