#include "llmgw/governance/rolling_window.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace llmgw::governance {
namespace {

constexpr std::int64_t kMinute = RollingWindow::kWindowMs;

/// The largest sum of `weight` over events whose times fall in one interval [a, a + 60 s).
/// The heaviest interval can be taken to start at an event, so two pointers suffice.
std::int64_t heaviest_minute(std::vector<std::pair<std::int64_t, std::int64_t>> events) {
  std::sort(events.begin(), events.end());
  std::int64_t best = 0;
  std::int64_t sum = 0;
  std::size_t last = 0;
  for (std::size_t first = 0; first < events.size(); ++first) {
    while (last < events.size() && events[last].first < events[first].first + kMinute) {
      sum += events[last++].second;
    }
    best = std::max(best, sum);
    sum -= events[first].second;
  }
  return best;
}

TEST(RollingWindow, AdmitsUpToTheLimitThenDenies) {
  RollingWindow w;
  const std::int64_t t = 1'700'000'000'000;
  w.advance(t);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(w.fits(1, 5));
    w.add(1);
  }
  EXPECT_FALSE(w.fits(1, 5));
  EXPECT_EQ(w.total(), 5);
  // All five sit in the bucket of t; it leaves the count 61 buckets after its own.
  const std::int64_t leaves = (t / 1000 + 61) * 1000;
  EXPECT_EQ(w.wait_ms(t, 1, 5), leaves - t);
  EXPECT_EQ(w.reset_ms(t), leaves - t);
  w.advance(leaves - 1);
  EXPECT_FALSE(w.fits(1, 5));
  w.advance(leaves);
  EXPECT_TRUE(w.empty());
  EXPECT_TRUE(w.fits(5, 5));
}

TEST(RollingWindow, OldestBucketsLeaveFirst) {
  RollingWindow w;
  w.advance(0);
  w.add(3);  // bucket 0
  w.advance(10'500);
  w.add(2);  // bucket 10
  EXPECT_EQ(w.total(), 5);
  // One more under a limit of 5 waits for bucket 0 (leaves at 61 s), not bucket 10.
  EXPECT_EQ(w.wait_ms(10'500, 1, 5), 61'000 - 10'500);
  // Three more wait for both buckets.
  EXPECT_EQ(w.wait_ms(10'500, 4, 5), 71'000 - 10'500);
  EXPECT_EQ(w.wait_ms(10'500, 6, 5), -1);  // Larger than the limit itself: never.
  EXPECT_EQ(w.reset_ms(10'500), 71'000 - 10'500);
  w.advance(61'000);
  EXPECT_EQ(w.total(), 2);
  w.advance(71'000);
  EXPECT_EQ(w.total(), 0);
}

TEST(RollingWindow, AdjustRewritesTheBucketOfAdmissionWhileItIsCounted) {
  RollingWindow w;
  w.advance(5'000);
  w.add(100);
  w.advance(30'000);
  EXPECT_TRUE(w.adjust(5'000, -60));
  EXPECT_EQ(w.total(), 40);
  EXPECT_TRUE(w.adjust(5'999, +500));
  EXPECT_EQ(w.total(), 540);
  EXPECT_TRUE(w.adjust(5'000, -10'000));  // Clamped at zero, never negative.
  EXPECT_EQ(w.total(), 0);
  EXPECT_FALSE(w.adjust(31'000, 1));  // The future is not a bucket.
  w.advance(66'000);
  EXPECT_FALSE(w.adjust(5'000, 1));  // Left the window.
  EXPECT_EQ(w.total(), 0);
}

TEST(RollingWindow, ClockSteppingBackStandsStill) {
  RollingWindow w;
  w.advance(100'000);
  w.add(1);
  w.advance(50'000);
  EXPECT_EQ(w.total(), 1);
  w.add(1);
  EXPECT_EQ(w.total(), 2);
  w.advance(161'000);
  EXPECT_EQ(w.total(), 0);
}

TEST(RollingWindow, LongIdleClearsEverything) {
  RollingWindow w;
  w.advance(0);
  w.add(7);
  w.advance(10 * kMinute);
  EXPECT_TRUE(w.empty());
}

// The stated guarantee, as a property: whatever the arrivals, no 60 s interval holds more
// than `limit` admitted requests; and wait_ms is exact (admitted at now + wait, not before).
TEST(RollingWindowProperty, NeverMoreThanTheLimitInAnyRollingMinute) {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    const std::int64_t limit = std::uniform_int_distribution<std::int64_t>(1, 60)(rng);
    RollingWindow w;
    std::int64_t now = std::uniform_int_distribution<std::int64_t>(0, 1LL << 40)(rng);
    std::vector<std::pair<std::int64_t, std::int64_t>> admitted;
    std::int64_t checked_waits = 0;
    for (int i = 0; i < 20'000; ++i) {
      // Bursts (many at one instant), sub-bucket gaps and long pauses, mixed.
      const int shape = static_cast<int>(rng() % 10);
      now += shape < 4   ? 0
             : shape < 9 ? static_cast<std::int64_t>(rng() % 1500)
                         : static_cast<std::int64_t>(rng() % 90'000);
      w.advance(now);
      if (w.fits(1, limit)) {
        w.add(1);
        admitted.emplace_back(now, 1);
        continue;
      }
      const std::int64_t wait = w.wait_ms(now, 1, limit);
      ASSERT_GT(wait, 0);
      RollingWindow later = w;
      later.advance(now + wait - 1);
      ASSERT_FALSE(later.fits(1, limit)) << "seed " << seed;
      later.advance(now + wait);
      ASSERT_TRUE(later.fits(1, limit)) << "seed " << seed;
      ++checked_waits;
    }
    ASSERT_LE(heaviest_minute(admitted), limit) << "seed " << seed << " limit " << limit;
    EXPECT_GT(checked_waits, 0) << "seed " << seed;
  }
}

// The other side of the bound: under constant demand the window is not much stricter than
// the limit (it releases a slot 60 to 61 s after admission).
TEST(RollingWindowProperty, SaturatingDemandGetsTheLimitEveryWindowAndABucket) {
  const std::int64_t limit = 37;
  RollingWindow w;
  std::int64_t admitted = 0;
  const std::int64_t span = 20 * kMinute;
  for (std::int64_t now = 0; now < span; now += 7) {
    w.advance(now);
    if (w.fits(1, limit)) w.add(1), ++admitted;
  }
  const std::int64_t per_61s = span / (kMinute + RollingWindow::kBucketMs);
  EXPECT_GE(admitted, limit * per_61s);
  EXPECT_LE(admitted, limit * (span / kMinute + 1));
}

// TPM: estimates reserved at admission, settled later to actuals no larger than them,
// in the bucket of admission. No 60 s interval (by admission time) holds more than the
// limit in actual tokens; with actuals above estimates the window goes over and the next
// requests wait.
TEST(RollingWindowProperty, TokensWithinEstimatesNeverExceedTheLimit) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    const std::int64_t limit = 5'000 + static_cast<std::int64_t>(rng() % 50'000);
    RollingWindow w;
    std::int64_t now = 1'000'000;
    struct Pending {
      std::int64_t at, estimate, actual, settle_at;
    };
    std::vector<Pending> pending;
    std::vector<std::pair<std::int64_t, std::int64_t>> actuals;
    for (int i = 0; i < 5'000; ++i) {
      now += static_cast<std::int64_t>(rng() % 3'000);
      w.advance(now);
      // Settle what is due first, at its own bucket (or, if that left the window, nowhere:
      // actual <= estimate here, so there is no excess to add).
      for (auto it = pending.begin(); it != pending.end();) {
        if (it->settle_at > now) {
          ++it;
          continue;
        }
        w.adjust(it->at, it->actual - it->estimate);
        actuals.emplace_back(it->at, it->actual);
        it = pending.erase(it);
      }
      const std::int64_t estimate = 1 + static_cast<std::int64_t>(rng() % (limit / 4));
      if (!w.fits(estimate, limit)) continue;
      w.add(estimate);
      const std::int64_t actual = static_cast<std::int64_t>(rng() % (estimate + 1));
      pending.push_back({now, estimate, actual, now + static_cast<std::int64_t>(rng() % 90'000)});
    }
    for (const Pending& p : pending) actuals.emplace_back(p.at, p.actual);
    ASSERT_LE(heaviest_minute(actuals), limit) << "seed " << seed;
  }
}

TEST(RollingWindow, ActualsAboveTheEstimateMakeTheNextRequestsWait) {
  RollingWindow w;
  w.advance(0);
  w.add(1'000);  // Estimate under a TPM of 1,000.
  w.advance(2'000);
  w.adjust(0, 1'500);  // The answer was longer than max_tokens allowed for: 2,500 actual.
  EXPECT_EQ(w.total(), 2'500);
  EXPECT_FALSE(w.fits(1, 1'000));
  EXPECT_EQ(w.wait_ms(2'000, 1, 1'000), 61'000 - 2'000);
}

}  // namespace
}  // namespace llmgw::governance
