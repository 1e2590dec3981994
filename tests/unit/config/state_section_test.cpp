// Tests for src/config/state_section.cpp: state.backend and state.redis.
#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "llmgw/config/loader.hpp"

namespace llmgw::config {
namespace {

using testing::dump;
using testing::FakeEnv;
using testing::find_issue;
using testing::has_warning;
using testing::parse_errors;
using testing::parse_ok;

TEST(StateSectionTest, DefaultsToTheMemoryBackend) {
  const auto result = parse_ok("");
  const StateConfig& state = result.config->state;
  EXPECT_EQ(state.backend, StateBackend::memory);
  EXPECT_EQ(state.redis.host, "127.0.0.1");
  EXPECT_EQ(state.redis.port, 6379);
  EXPECT_EQ(state.redis.timeout, std::chrono::milliseconds(50));
  EXPECT_EQ(state.redis.on_failure, FailMode::open);
  EXPECT_EQ(state.redis.prefix, "{llmgw}");
  EXPECT_FALSE(has_warning(result, "state"));
}

TEST(StateSectionTest, ReadsEveryRedisSetting) {
  const FakeEnv env{{"REDIS_PASSWORD", "pw-0123"}};
  const auto result = parse_ok(R"(
state:
  backend: redis
  redis:
    host: Redis.Internal
    port: 6380
    username: llmgw
    password: ${REDIS_PASSWORD}
    database: 3
    timeout: 20ms
    connect_timeout: 500ms
    backoff_max: 5s
    on_failure: fail_closed
    prefix: "{prod}"
    lease: 30m
)",
                               env);
  const RedisConfig& redis = result.config->state.redis;
  EXPECT_EQ(result.config->state.backend, StateBackend::redis);
  EXPECT_EQ(redis.host, "redis.internal");
  EXPECT_EQ(redis.port, 6380);
  EXPECT_EQ(redis.username, "llmgw");
  EXPECT_EQ(redis.password, "pw-0123");
  EXPECT_EQ(redis.database, 3);
  EXPECT_EQ(redis.timeout, std::chrono::milliseconds(20));
  EXPECT_EQ(redis.connect_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(redis.backoff_max, std::chrono::seconds(5));
  EXPECT_EQ(redis.on_failure, FailMode::closed);
  EXPECT_EQ(redis.prefix, "{prod}");
  EXPECT_EQ(redis.lease, std::chrono::minutes(30));
  EXPECT_FALSE(has_warning(result, "state"));
}

TEST(StateSectionTest, PasswordFromAFile) {
  testing::TempDir dir;
  const auto file = dir.write("redis.pass", "from-file\n");
  const auto result = parse_ok("state: {backend: redis, redis: {password_file: " + file + "}}\n");
  EXPECT_EQ(result.config->state.redis.password, "from-file");
}

TEST(StateSectionTest, MissingPasswordVariableIsAnErrorNamingItNotAValue) {
  const auto issues = parse_errors(R"(
state:
  backend: redis
  redis:
    password: ${UNSET_REDIS_PASSWORD}
)");
  const ConfigIssue* issue = find_issue(issues, "state.redis.password");
  ASSERT_NE(issue, nullptr) << dump(issues);
  EXPECT_EQ(issue->line, 5);
  EXPECT_NE(issue->message.find("UNSET_REDIS_PASSWORD is not set"), std::string::npos);
}

TEST(StateSectionTest, OutOfRangeAndUnknownKeysAreErrorsWithTheirLine) {
  const auto issues = parse_errors(R"(
state:
  backend: redis
  redis:
    host: "redis://x:6379"
    port: 70000
    database: -1
    timeout: 0ms
    connect_timeout: 2h
    on_failure: open
    prefix: "has space"
    lease: 10ms
    pasword: x
)");
  for (const char* path :
       {"state.redis.host", "state.redis.port", "state.redis.database", "state.redis.timeout",
        "state.redis.connect_timeout", "state.redis.on_failure", "state.redis.prefix",
        "state.redis.lease", "state.redis.pasword"}) {
    const ConfigIssue* issue = find_issue(issues, path);
    ASSERT_NE(issue, nullptr) << path << "\n" << dump(issues);
    EXPECT_GT(issue->line, 0) << path;
  }
  EXPECT_NE(find_issue(issues, "state.redis.on_failure")->message.find("fail_open, fail_closed"),
            std::string::npos);
  EXPECT_NE(find_issue(issues, "state.redis.pasword")->message.find("password"), std::string::npos)
      << dump(issues);
}

TEST(StateSectionTest, UnknownBackendIsAnError) {
  const auto issues = parse_errors("state: {backend: etcd}\n");
  const ConfigIssue* issue = find_issue(issues, "state.backend");
  ASSERT_NE(issue, nullptr) << dump(issues);
  EXPECT_NE(issue->message.find("memory, redis"), std::string::npos);
}

TEST(StateSectionTest, WarnsWhenRedisIsHalfConfigured) {
  EXPECT_TRUE(has_warning(parse_ok("state: {backend: redis}\n"), "127.0.0.1:6379"));
  EXPECT_TRUE(has_warning(parse_ok("state: {redis: {host: r}}\n"), "Redis is not used"));
}

}  // namespace
}  // namespace llmgw::config
