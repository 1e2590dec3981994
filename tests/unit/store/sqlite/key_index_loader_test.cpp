#include "store/sqlite/key_index_loader.hpp"

#include <gtest/gtest.h>

#include "llmgw/config/snapshot.hpp"
#include "store/sqlite/access_request_repository.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

KeyRecord key(std::string id, std::string_view secret) {
  KeyRecord k;
  k.id = std::move(id);
  k.team_id = "research";
  k.secret_sha256 = config::sha256(secret);
  k.limits = {10, 0, 0};
  k.model_limits = {3, 0, 0};
  k.expires_at_ms = 1'500;  // Rounded up to whole seconds for the request path.
  k.created_at_ms = k.updated_at_ms = 1;
  return k;
}

AccessRequest request(std::string id, std::string model, std::int64_t at) {
  AccessRequest r;
  r.id = std::move(id);
  r.team_id = "research";
  r.model = std::move(model);
  r.requested_by = "lead";
  r.created_at_ms = at;
  return r;
}

class KeyIndexLoaderTest : public ::testing::Test {
 protected:
  KeyIndexLoaderTest() : db_(dir_.db_file()) { migrate(db_); }
  testing::TempDir dir_;
  Database db_;
};

TEST_F(KeyIndexLoaderTest, LoadsKeysTeamsRotationsRevocationsAndDecisions) {
  TeamRecord team;
  team.id = "research";
  team.limits.rpm = 100;
  ASSERT_TRUE(create_team(db_, team).ok());
  ASSERT_TRUE(create_key(db_, key("alive", "sk-alive")).ok());
  ASSERT_TRUE(create_key(db_, key("gone", "sk-gone")).ok());
  ASSERT_TRUE(revoke_key(db_, "gone", 5).ok());
  ASSERT_TRUE(create_key(db_, key("rotated", "sk-old")).ok());
  ASSERT_TRUE(
      rotate_key(db_, "rotated", config::sha256("sk-new"), std::chrono::milliseconds(1000), 10)
          .ok());
  ASSERT_TRUE(create_access_request(db_, request("ar-1", "gated", 1)).ok());
  ASSERT_TRUE(decide_access_request(db_, "ar-1", {false, "admin", "no"}, 2).ok());
  ASSERT_TRUE(create_access_request(db_, request("ar-2", "gated", 3)).ok());
  ASSERT_TRUE(create_access_request(db_, request("ar-3", "other", 4)).ok());
  ASSERT_TRUE(decide_access_request(db_, "ar-3", {true, "admin", ""}, 5).ok());

  auto index = load_key_index(db_, 7);
  EXPECT_EQ(index->generation(), 7u);
  auto alive = index->find(config::sha256("sk-alive"), 0);
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->key->team, "research");
  EXPECT_EQ(alive->key->limits.rpm, 10);
  EXPECT_EQ(alive->key->per_model_limits.rpm, 3);
  EXPECT_EQ(alive->key->expires_at, 2);
  EXPECT_TRUE(index->find(config::sha256("sk-gone"), 0)->revoked);
  EXPECT_TRUE(index->find(config::sha256("sk-old"), 1009));
  EXPECT_FALSE(index->find(config::sha256("sk-old"), 1010));
  EXPECT_TRUE(index->find(config::sha256("sk-new"), 1010));
  ASSERT_NE(index->find_team("research"), nullptr);
  EXPECT_EQ(index->find_team("research")->limits.rpm, 100);
  const auto gated = index->access("research", "gated");
  EXPECT_FALSE(gated.approved);
  EXPECT_EQ(gated.request_id, "ar-2");
  EXPECT_TRUE(gated.pending);
  EXPECT_TRUE(index->access("research", "other").approved);
}

TEST_F(KeyIndexLoaderTest, DeletingATeamNeedsItsKeysRevokedFirst) {
  TeamRecord team;
  team.id = "research";
  ASSERT_TRUE(create_team(db_, team).ok());
  ASSERT_TRUE(create_key(db_, key("alive", "sk-alive")).ok());
  auto refused = delete_team(db_, "research");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "team_not_empty");
  ASSERT_TRUE(revoke_key(db_, "alive", 5).ok());
  ASSERT_TRUE(delete_team(db_, "research").ok());
  EXPECT_EQ(get_team(db_, "research").error().http_status, 404);
  EXPECT_EQ(delete_team(db_, "research").error().http_status, 404);
}

}  // namespace
}  // namespace llmgw::store::sqlite
