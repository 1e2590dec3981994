#include "admin/authenticate.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"

namespace llmgw::admin {
namespace {

struct Fixture {
  Fixture() {
    auto cfg = std::make_shared<config::Config>();
    cfg->admin.enabled = true;
    cfg->admin.key_enabled = true;
    cfg->admin.key_sha256 = config::sha256("sk-platform");
    cfg->keys.push_back(testing::key("lead", "sk-lead"));
    cfg->keys.back().team = "research";
    cfg->keys.back().role = config::KeyRole::team_admin;
    cfg->keys.push_back(testing::key("user", "sk-user"));
    snapshot = std::make_shared<const config::Snapshot>(cfg);
    std::vector<governance::IndexedKey> keys(2);
    keys[0].key = testing::key("api-lead", "sk-api-lead");
    keys[0].key.team = "ops";
    keys[0].key.role = config::KeyRole::team_admin;
    keys[1].key = testing::key("old-lead", "sk-old-lead");
    keys[1].key.team = "ops";
    keys[1].key.role = config::KeyRole::team_admin;
    keys[1].revoked_at_ms = 1;
    index = std::make_shared<const governance::KeyIndex>(1, std::move(keys),
                                                         std::vector<config::TeamConfig>{},
                                                         std::vector<governance::AccessEntry>{});
  }
  Result<Caller> as(std::string_view header, std::string value) {
    Headers headers{{std::string(header), std::move(value)}};
    return authenticate(headers, *snapshot, *index, 0);
  }
  std::shared_ptr<const config::Snapshot> snapshot;
  std::shared_ptr<const governance::KeyIndex> index;
};

TEST(AuthenticateTest, PlatformAndTeamAdmins) {
  Fixture f;
  auto platform = f.as("Authorization", "Bearer sk-platform");
  ASSERT_TRUE(platform.ok());
  EXPECT_TRUE(platform->platform());
  auto lead = f.as("x-api-key", "sk-lead");
  ASSERT_TRUE(lead.ok());
  EXPECT_EQ(lead->team, "research");
  EXPECT_FALSE(lead->platform());
  auto api_lead = f.as("authorization", "bearer sk-api-lead");
  ASSERT_TRUE(api_lead.ok());
  EXPECT_EQ(api_lead->key_id, "api-lead");
  EXPECT_EQ(api_lead->team, "ops");
}

TEST(AuthenticateTest, RefusesUsersUnknownAndRevokedKeysWithoutEchoingThem) {
  Fixture f;
  auto user = f.as("Authorization", "Bearer sk-user");
  ASSERT_FALSE(user.ok());
  EXPECT_EQ(user.error().http_status, 403);
  EXPECT_EQ(user.error().code, "admin_required");
  auto unknown = f.as("Authorization", "Bearer sk-nobody-knows");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().http_status, 401);
  EXPECT_EQ(unknown.error().message.find("sk-nobody"), std::string::npos);
  auto revoked = f.as("Authorization", "Bearer sk-old-lead");
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().http_status, 401);
  auto none = f.as("Accept", "application/json");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().http_status, 401);
}

}  // namespace
}  // namespace llmgw::admin
