#include "store/sqlite/usage.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/spend_writer.hpp"
#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

constexpr std::int64_t kBase = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

SpendRecord spend(std::string key, std::string team, std::string model, std::int64_t at,
                  std::int64_t in, std::int64_t out, std::optional<std::int64_t> cost) {
  SpendRecord r;
  r.request_id = key + "@" + std::to_string(at);
  r.key_id = std::move(key);
  r.team_id = std::move(team);
  r.model = std::move(model);
  r.started_at_ms = at;
  r.input_tokens = in;
  r.output_tokens = out;
  r.cost_pico = cost;
  r.status = 200;
  return r;
}

class UsageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      Database db(dir_.db_file());
      migrate(db);
    }
    SpendWriter writer(dir_.db_file(), SpendWriter::Options{}, nullptr);
    SpendRecord cached = spend("k1", "a", "m1", kBase + 10 * kMinute, 5, 3, 100);
    cached.cached_tokens = 1;
    SpendRecord reasoning = spend("k2", "b", "m1", kBase + kHour + 5 * kMinute, 7, 1, 50);
    reasoning.reasoning_tokens = 1;
    writer.submit(std::move(cached));
    writer.submit(spend("k1", "a", "m2", kBase + 30 * kMinute, 2, 1, std::nullopt));
    writer.submit(std::move(reasoning));
    writer.submit(spend("k2", "b", "m1", kBase + kDay + kHour, 1, 1, 1));
    writer.submit(spend("k2", "b", "m1", kBase + 3 * kDay, 1, 1, 1));  // Outside the range.
    writer.stop();
  }

  Result<std::vector<UsageRow>> query(UsageGroup group, Granularity granularity,
                                      std::optional<std::string> team = std::nullopt) {
    Database db(dir_.db_file());
    UsageQuery q;
    q.group_by = group;
    q.granularity = granularity;
    q.from_ms = kBase;
    q.to_ms = kBase + 2 * kDay;
    q.team_id = std::move(team);
    return query_usage(db, q);
  }

  testing::TempDir dir_;
};

TEST_F(UsageTest, ByModelPerHour) {
  auto rows = query(UsageGroup::model, Granularity::hour);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const std::vector<UsageRow> expected = {
      {kBase, "m1", 1, 5, 3, 1, 0, 0, 100, 0},
      {kBase, "m2", 1, 2, 1, 0, 0, 0, 0, 1},
      {kBase + kHour, "m1", 1, 7, 1, 0, 0, 1, 50, 0},
      {kBase + kDay + kHour, "m1", 1, 1, 1, 0, 0, 0, 1, 0},
  };
  EXPECT_EQ(*rows, expected);
}

TEST_F(UsageTest, ByTeamPerDay) {
  auto rows = query(UsageGroup::team, Granularity::day);
  ASSERT_TRUE(rows.ok());
  const std::vector<UsageRow> expected = {
      {kBase, "a", 2, 7, 4, 1, 0, 0, 100, 1},
      {kBase, "b", 1, 7, 1, 0, 0, 1, 50, 0},
      {kBase + kDay, "b", 1, 1, 1, 0, 0, 0, 1, 0},
  };
  EXPECT_EQ(*rows, expected);
}

TEST_F(UsageTest, ATeamFilterShowsOnlyThatTeam) {
  auto rows = query(UsageGroup::key, Granularity::day, "a");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].group, "k1");
  EXPECT_EQ((*rows)[0].requests, 2);
  auto none = query(UsageGroup::key, Granularity::day, "nobody");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(UsageTest, TooManyRowsIsAnErrorNotATruncation) {
  Database db(dir_.db_file());
  UsageQuery q;
  q.group_by = UsageGroup::model;
  q.granularity = Granularity::hour;
  q.from_ms = kBase;
  q.to_ms = kBase + 2 * kDay;
  q.max_rows = 3;
  auto rows = query_usage(db, q);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().http_status, 400);
  q.max_rows = 4;
  EXPECT_TRUE(query_usage(db, q).ok());
}

TEST(UsageCsv, Rfc4180QuotingAndCrlf) {
  const std::vector<UsageRow> rows = {
      {kBase, "plain", 1, 2, 3, 4, 5, 6, 7, 8},
      {kBase + kHour, "m,\"x\"\nline", 1, 0, 0, 0, 0, 0, 0, 1},
  };
  EXPECT_EQ(render_usage_csv(rows, UsageGroup::model),
            "bucket_start,model,requests,input_tokens,output_tokens,cached_tokens,"
            "cache_write_tokens,reasoning_tokens,cost_pico,unpriced_requests\r\n"
            "2026-01-01T00:00:00.000Z,plain,1,2,3,4,5,6,7,8\r\n"
            "2026-01-01T01:00:00.000Z,\"m,\"\"x\"\"\nline\",1,0,0,0,0,0,0,1\r\n");
  EXPECT_EQ(render_usage_csv({}, UsageGroup::key).substr(0, 17), "bucket_start,key,");
}

TEST(UsageTime, UnixMillisOrRfc3339) {
  EXPECT_EQ(parse_time_param("1767225600000"), kBase);
  EXPECT_EQ(parse_time_param("0"), 0);
  EXPECT_EQ(parse_time_param("2026-01-01T00:00:00Z"), kBase);
  EXPECT_EQ(parse_time_param("2026-01-01t00:00:00z"), kBase);
  EXPECT_EQ(parse_time_param("2026-01-01T01:00:00.5+01:00"), kBase + 500);
  EXPECT_EQ(parse_time_param("2025-12-31T19:00:00.123456-05:00"), kBase + 123);
  EXPECT_EQ(parse_time_param("2024-02-29T00:00:00Z"), 1'709'164'800'000);
  for (const char* bad : {"", "-5", "2026-02-30T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00",
                          "2026-01-01 00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
                          "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0100", "1e9",
                          "2026-01-01T00:00:00Zjunk", "99999999999999999999"}) {
    EXPECT_EQ(parse_time_param(bad), std::nullopt) << bad;
  }
}

TEST(UsageParamsCheck, ErrorsNameTheParameter) {
  auto ok = make_usage_query({"team", "2026-01-01T00:00:00Z", "1767312000000", "hour"});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->group_by, UsageGroup::team);
  EXPECT_EQ(ok->granularity, Granularity::hour);
  EXPECT_EQ(ok->from_ms, kBase);
  EXPECT_EQ(ok->to_ms, kBase + kDay);
  auto day = make_usage_query({"key", "0", "1", ""});
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->granularity, Granularity::day);

  EXPECT_EQ(make_usage_query({"", "0", "1", ""}).error().param, "group_by");
  EXPECT_EQ(make_usage_query({"user", "0", "1", ""}).error().param, "group_by");
  EXPECT_EQ(make_usage_query({"key", "0", "1", "week"}).error().param, "granularity");
  EXPECT_EQ(make_usage_query({"key", "yesterday", "1", ""}).error().param, "from");
  EXPECT_EQ(make_usage_query({"key", "0", "", ""}).error().param, "to");
  EXPECT_EQ(make_usage_query({"key", "5", "5", ""}).error().param, "to");
}

}  // namespace
}  // namespace llmgw::store::sqlite
