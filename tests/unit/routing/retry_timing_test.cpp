// Tests for src/routing/retry_timing.cpp: backoff maths and the providers' retry hints.
#include "routing/retry_timing.hpp"

#include <gtest/gtest.h>

namespace llmgw::routing {
namespace {

using std::chrono::milliseconds;

const SystemTime kNow = SystemTime(std::chrono::seconds(784111777));  // Sun, 06 Nov 1994 08:49:37

TEST(RetryTimingTest, BackoffStaysUnderTheDoublingCeilingAndTheCap) {
  config::RetryPolicy policy;
  policy.base_backoff = milliseconds(100);
  policy.max_backoff = milliseconds(1000);
  Rng rng(42);
  for (unsigned retry = 0; retry < 8; ++retry) {
    const std::int64_t ceiling = std::min<std::int64_t>(1000, 100LL << retry);
    std::int64_t largest = 0;
    for (int i = 0; i < 2000; ++i) {
      const auto wait = backoff_delay(policy, retry, rng).count();
      ASSERT_GE(wait, 0);
      ASSERT_LE(wait, ceiling) << "retry " << retry;
      largest = std::max(largest, wait);
    }
    // Full jitter spreads over the whole range: the largest of 2000 draws is near the top.
    EXPECT_GT(largest, ceiling * 9 / 10) << "retry " << retry;
  }
}

TEST(RetryTimingTest, BackoffIsReplayableFromTheSeed) {
  config::RetryPolicy policy;
  Rng a(7);
  Rng b(7);
  for (unsigned retry = 0; retry < 5; ++retry) {
    EXPECT_EQ(backoff_delay(policy, retry, a), backoff_delay(policy, retry, b));
  }
}

TEST(RetryTimingTest, BackoffDoesNotOverflowOnLargeRetryCounts) {
  config::RetryPolicy policy;
  policy.base_backoff = milliseconds(600'000);
  policy.max_backoff = milliseconds(600'000);
  Rng rng(1);
  EXPECT_LE(backoff_delay(policy, 1000, rng), milliseconds(600'000));
}

TEST(RetryTimingTest, RetryAfterSeconds) {
  EXPECT_EQ(parse_retry_after("2", kNow), milliseconds(2000));
  EXPECT_EQ(parse_retry_after(" 0 ", kNow), milliseconds(0));
  EXPECT_EQ(parse_retry_after("1.5", kNow), milliseconds(1500));
  EXPECT_EQ(parse_retry_after("-1", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("99999999999", kNow), std::nullopt);  // Past any sane cap.
}

TEST(RetryTimingTest, RetryAfterHttpDate) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", kNow), milliseconds(3000));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", kNow), milliseconds(60'000));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", kNow), milliseconds(0));  // Past.
  EXPECT_EQ(parse_retry_after("Mon, 07 Nov 1994 08:49:37 GMT", kNow), milliseconds(86'400'000));
  EXPECT_EQ(parse_retry_after("Sun, 06 Foo 1994 08:49:40 GMT", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 25:49:40 GMT", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", kNow), std::nullopt);
}

TEST(RetryTimingTest, ResetDurationsInGoSyntax) {
  EXPECT_EQ(parse_reset_duration("1s"), milliseconds(1000));
  EXPECT_EQ(parse_reset_duration("20ms"), milliseconds(20));
  EXPECT_EQ(parse_reset_duration("6m0s"), milliseconds(360'000));
  EXPECT_EQ(parse_reset_duration("1.5s"), milliseconds(1500));
  EXPECT_EQ(parse_reset_duration("1h2m3s"), milliseconds(3'723'000));
  EXPECT_EQ(parse_reset_duration("2"), milliseconds(2000));
  EXPECT_EQ(parse_reset_duration("s"), std::nullopt);
  EXPECT_EQ(parse_reset_duration("5x"), std::nullopt);
  EXPECT_EQ(parse_reset_duration(""), std::nullopt);
}

TEST(RetryTimingTest, HintPrefersMillisThenRetryAfterThenTheLongerReset) {
  EXPECT_EQ(provider_retry_hint({{"retry-after-ms", "250"}, {"Retry-After", "3"}}, kNow),
            milliseconds(250));
  EXPECT_EQ(provider_retry_hint({{"Retry-After", "3"}, {"x-ratelimit-reset-requests", "9s"}}, kNow),
            milliseconds(3000));
  EXPECT_EQ(
      provider_retry_hint(
          {{"x-ratelimit-reset-requests", "2s"}, {"x-ratelimit-reset-tokens", "500ms"}}, kNow),
      milliseconds(2000));
  EXPECT_EQ(provider_retry_hint({{"content-type", "application/json"}}, kNow), std::nullopt);
  EXPECT_EQ(provider_retry_hint({{"retry-after", "garbage"}}, kNow), std::nullopt);
}

TEST(RetryTimingTest, WaitHonoursTheHintUpToTheCap) {
  config::RetryPolicy policy;
  policy.max_retry_after = milliseconds(5000);
  Rng rng(3);
  EXPECT_EQ(retry_wait(policy, 0, milliseconds(1200), rng), milliseconds(1200));
  EXPECT_EQ(retry_wait(policy, 0, milliseconds(5000), rng), milliseconds(5000));
  EXPECT_EQ(retry_wait(policy, 0, milliseconds(5001), rng), std::nullopt);
  const auto jittered = retry_wait(policy, 1, std::nullopt, rng);
  ASSERT_TRUE(jittered.has_value());
  EXPECT_LE(*jittered, milliseconds(200));
}

}  // namespace
}  // namespace llmgw::routing
