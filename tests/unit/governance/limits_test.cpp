#include "llmgw/governance/limits.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace llmgw::governance {
namespace {

/// UTC milliseconds of a civil date and time, through std::chrono's calendar (an
/// implementation independent of the one under test).
std::int64_t utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0, int ms = 0) {
  using namespace std::chrono;
  const sys_days day = year{y} / month{m} / d;
  return duration_cast<milliseconds>(day.time_since_epoch()).count() +
         ((hh * 60 + mm) * 60 + ss) * 1000LL + ms;
}

ScopeLimits limits(std::int64_t rpm, std::int64_t tpm, std::int64_t parallel, pico_usd budget = 0,
                   BudgetPeriod period = BudgetPeriod::month) {
  return {{rpm, tpm, parallel}, {budget, period}};
}

TEST(NarrowToKey, KeyInheritsWhatItDoesNotSet) {
  const auto merged = narrow_to_key(limits(100, 10'000, 4, 5'000, BudgetPeriod::week), {});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged.value(), limits(100, 10'000, 4, 5'000, BudgetPeriod::week));
}

TEST(NarrowToKey, TightestWins) {
  const auto merged =
      narrow_to_key(limits(100, 10'000, 4, 5'000), limits(10, 2'000, 1, 500, BudgetPeriod::day));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged.value(), limits(10, 2'000, 1, 500, BudgetPeriod::day));
}

TEST(NarrowToKey, EqualIsNotWider) {
  const auto merged = narrow_to_key(limits(100, 0, 0), limits(100, 0, 0));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged.value().rate.rpm, 100);
}

TEST(NarrowToKey, KeyMaySetWhatTheTeamLeavesUnlimited) {
  const auto merged = narrow_to_key(limits(0, 0, 0), limits(30, 600, 2, 10, BudgetPeriod::total));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged.value(), limits(30, 600, 2, 10, BudgetPeriod::total));
}

TEST(NarrowToKey, WideningIsAnErrorNamingTheField) {
  struct Case {
    ScopeLimits key;
    const char* field;
  };
  const ScopeLimits team = limits(100, 10'000, 4, 5'000);
  for (const Case& c : {Case{limits(101, 0, 0), "rpm"}, Case{limits(0, 10'001, 0), "tpm"},
                        Case{limits(0, 0, 5), "max_parallel"},
                        Case{limits(0, 0, 0, 5'001, BudgetPeriod::day), "budget"}}) {
    const auto merged = narrow_to_key(team, c.key);
    ASSERT_FALSE(merged.ok()) << c.field;
    EXPECT_EQ(merged.error().param, c.field);
    EXPECT_EQ(merged.error().http_status, 400);
    EXPECT_EQ(merged.error().code, "limit_wider_than_team");
    EXPECT_NE(merged.error().message.find("may only narrow"), std::string::npos);
  }
}

TEST(NarrowToKey, NegativeIsAnError) {
  const auto merged = narrow_to_key({}, limits(-1, 0, 0));
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.error().code, "invalid_value");
}

TEST(BudgetPeriod, DayStartsAtUtcMidnight) {
  const PeriodBounds b = budget_period(BudgetPeriod::day, utc(2024, 2, 29, 12));
  EXPECT_EQ(b.start_ms, utc(2024, 2, 29));
  EXPECT_EQ(b.end_ms, utc(2024, 3, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::day, utc(2024, 2, 29, 23, 59, 59, 999)).end_ms,
            utc(2024, 3, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::day, utc(2024, 3, 1)).start_ms, utc(2024, 3, 1));
}

TEST(BudgetPeriod, WeekStartsOnMonday) {
  // 2024-01-01 and 2024-01-08 are Mondays.
  EXPECT_EQ(budget_period(BudgetPeriod::week, utc(2024, 1, 1)).start_ms, utc(2024, 1, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::week, utc(2024, 1, 7, 23, 59, 59, 999)).start_ms,
            utc(2024, 1, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::week, utc(2024, 1, 7, 23, 59, 59, 999)).end_ms,
            utc(2024, 1, 8));
  EXPECT_EQ(budget_period(BudgetPeriod::week, utc(2024, 1, 8)).start_ms, utc(2024, 1, 8));
  // Across a year end: Wednesday 2025-01-01 is in the week of Monday 2024-12-30.
  EXPECT_EQ(budget_period(BudgetPeriod::week, utc(2025, 1, 1, 8)).start_ms, utc(2024, 12, 30));
  // The epoch was a Thursday; before it too.
  EXPECT_EQ(budget_period(BudgetPeriod::week, 0).start_ms, utc(1969, 12, 29));
  EXPECT_EQ(budget_period(BudgetPeriod::week, -1).start_ms, utc(1969, 12, 29));
}

TEST(BudgetPeriod, MonthStartsOnTheFirst) {
  EXPECT_EQ(budget_period(BudgetPeriod::month, utc(2024, 2, 29, 12)).start_ms, utc(2024, 2, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::month, utc(2024, 2, 29, 12)).end_ms, utc(2024, 3, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::month, utc(2023, 2, 14)).end_ms, utc(2023, 3, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::month, utc(2024, 12, 31, 23, 59, 59, 999)).end_ms,
            utc(2025, 1, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::month, utc(2025, 1, 1)).start_ms, utc(2025, 1, 1));
  EXPECT_EQ(budget_period(BudgetPeriod::month, utc(1969, 12, 31, 12)).start_ms, utc(1969, 12, 1));
}

TEST(BudgetPeriod, EveryDayOfFourYearsMatchesTheCalendar) {
  using namespace std::chrono;
  for (std::int64_t t = utc(2023, 1, 1, 13); t < utc(2027, 1, 1); t += 86'400'000) {
    const year_month_day ymd{floor<days>(sys_time<milliseconds>(milliseconds(t)))};
    const std::int64_t first = utc(int(ymd.year()), unsigned(ymd.month()), 1);
    ASSERT_EQ(budget_period(BudgetPeriod::month, t).start_ms, first) << t;
    const weekday wd{floor<days>(sys_time<milliseconds>(milliseconds(t)))};
    const std::int64_t monday = t - t % 86'400'000 - ((wd.iso_encoding() - 1) * 86'400'000LL);
    ASSERT_EQ(budget_period(BudgetPeriod::week, t).start_ms, monday) << t;
  }
}

TEST(BudgetPeriod, TotalNeverEnds) {
  const PeriodBounds b = budget_period(BudgetPeriod::total, utc(2024, 5, 5));
  EXPECT_EQ(b.start_ms, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(b.end_ms, std::numeric_limits<std::int64_t>::max());
}

TEST(FormatOpenAiDuration, SpellsLikeOpenAi) {
  EXPECT_EQ(format_openai_duration(-5), "0s");
  EXPECT_EQ(format_openai_duration(0), "0s");
  EXPECT_EQ(format_openai_duration(20), "20ms");
  EXPECT_EQ(format_openai_duration(999), "999ms");
  EXPECT_EQ(format_openai_duration(1000), "1s");
  EXPECT_EQ(format_openai_duration(1500), "1.5s");
  EXPECT_EQ(format_openai_duration(1020), "1.02s");
  EXPECT_EQ(format_openai_duration(59'999), "59.999s");
  EXPECT_EQ(format_openai_duration(60'000), "1m0s");
  EXPECT_EQ(format_openai_duration(360'000), "6m0s");
  EXPECT_EQ(format_openai_duration(61'500), "1m1.5s");
  EXPECT_EQ(format_openai_duration(3'600'000), "1h0m0s");
  EXPECT_EQ(format_openai_duration(3'723'000), "1h2m3s");
  EXPECT_EQ(format_openai_duration(90'000'000), "25h0m0s");
  // The longest there is fits the fixed buffer the response head writes it from.
  EXPECT_EQ(format_openai_duration(std::numeric_limits<std::int64_t>::max()),
            "2562047788015h12m55.807s");
}

TEST(ScopeKind, Labels) {
  EXPECT_EQ(to_string(ScopeKind::key_model), "key_model");
  EXPECT_EQ(to_string(ScopeKind::deployment), "deployment");
  EXPECT_EQ(to_string(BudgetPeriod::week), "week");
  EXPECT_EQ(ScopeRef::key_model("k1", "gpt-4o"), (ScopeRef{ScopeKind::key_model, "k1", "gpt-4o"}));
}

}  // namespace
}  // namespace llmgw::governance
