// Tests for src/config/admin_section.cpp and the admin checks of validate_governance.cpp.
#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "llmgw/config/snapshot.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;
using testing::parse_errors;
using testing::parse_ok;

TEST(AdminSectionTest, OffUnlessConfigured) {
  auto result = parse_ok("state: {dir: /tmp/llmgw-admin-test}\n");
  EXPECT_FALSE(result.config->admin.enabled);
}

TEST(AdminSectionTest, KeepsOnlyTheHashOfThePlatformKey) {
  testing::FakeEnv env{{"ADMIN_KEY", "sk-platform-admin-secret"}};
  auto result = parse_ok(R"(
state: {dir: /tmp/llmgw-admin-test}
admin:
  listen: 127.0.0.1:0
  secret: ${ADMIN_KEY}
  max_body_bytes: 8KiB
)",
                         env);
  const AdminConfig& admin = result.config->admin;
  EXPECT_TRUE(admin.enabled);
  EXPECT_EQ(admin.listen.port, 0);
  EXPECT_TRUE(admin.key_enabled);
  EXPECT_EQ(admin.key_sha256, sha256("sk-platform-admin-secret"));
  EXPECT_EQ(admin.max_body_bytes, 8u * 1024);
  EXPECT_EQ(to_redacted_yaml(*result.config).find("sk-platform"), std::string::npos);
}

TEST(AdminSectionTest, AMissingVariableLeavesNoPlatformAdmin) {
  auto result = parse_ok("state: {dir: /tmp/x}\nadmin:\n  secret: \"${NOT_SET_ANYWHERE}\"\n");
  EXPECT_TRUE(result.config->admin.enabled);
  EXPECT_FALSE(result.config->admin.key_enabled);
  EXPECT_FALSE(result.warnings.empty());
}

TEST(AdminSectionTest, NeedsStateDirAndKnowsItsKeys) {
  auto issues = parse_errors("admin: {secret_sha256: " + std::string(64, 'a') + "}\n");
  EXPECT_NE(find_issue(issues, "admin"), nullptr);
  auto unknown = parse_errors("state: {dir: /tmp/x}\nadmin: {listen: 127.0.0.1:0, port: 1}\n");
  EXPECT_NE(find_issue(unknown, "admin.port"), nullptr);
  auto both = parse_errors(
      "state: {dir: /tmp/x}\nadmin: {secret: a, secret_sha256: " + std::string(64, 'a') + "}\n");
  EXPECT_NE(find_issue(both, "admin"), nullptr);
}

TEST(AdminSectionTest, StateReadsTheRedisBackend) {
  auto result = parse_ok(R"(
state:
  dir: /tmp/x
  backend: redis
  redis: {host: 10.0.0.5, port: 6380, database: 2, timeout: 80ms, on_failure: fail_closed}
)");
  const StateConfig& state = result.config->state;
  EXPECT_EQ(state.backend, StateBackend::redis);
  EXPECT_EQ(state.redis.host, "10.0.0.5");
  EXPECT_EQ(state.redis.port, 6380);
  EXPECT_EQ(state.redis.database, 2);
  EXPECT_EQ(state.redis.timeout.count(), 80);
  EXPECT_EQ(state.redis.on_failure, FailMode::closed);
}

}  // namespace
}  // namespace llmgw::config
