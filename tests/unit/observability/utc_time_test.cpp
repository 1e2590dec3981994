#include "observability/utc_time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace llmgw::observability {
namespace {

using namespace std::chrono;

std::string format(system_clock::time_point time) {
  std::string out;
  append_utc_timestamp(out, time);
  return out;
}

TEST(UtcTimeTest, FormatsEpoch) {
  EXPECT_EQ(format(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
}

TEST(UtcTimeTest, FormatsMillisecondsAndTruncatesFinerUnits) {
  const auto time = sys_days{year{2026} / 11 / 26} + hours{22} + minutes{23} + seconds{38} +
                    milliseconds{123} + microseconds{999};
  EXPECT_EQ(format(time), "2026-11-26T22:23:38.123Z");
}

TEST(UtcTimeTest, HandlesLeapDayAndYearEnd) {
  EXPECT_EQ(format(sys_days{year{2024} / 2 / 29}), "2024-02-29T00:00:00.000Z");
  EXPECT_EQ(format(sys_days{year{2025} / 12 / 31} + hours{23} + minutes{59} + seconds{59} +
                   milliseconds{999}),
            "2025-12-31T23:59:59.999Z");
}

TEST(UtcTimeTest, BeforeEpochRoundsDown) {
  EXPECT_EQ(format(system_clock::time_point{} - milliseconds{1}), "1969-12-31T23:59:59.999Z");
}

TEST(UtcTimeTest, CurrentTimeHasFixedShape) {
  const std::string now = format(system_clock::now());
  ASSERT_EQ(now.size(), 24u);
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now[19], '.');
  EXPECT_EQ(now.back(), 'Z');
}

}  // namespace
}  // namespace llmgw::observability
