#include "store/sqlite/access_request_repository.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

AccessRequest request(std::string id, std::string team, std::string model, std::int64_t at) {
  AccessRequest r;
  r.id = std::move(id);
  r.team_id = std::move(team);
  r.model = std::move(model);
  r.requested_by = "team-admin-key";
  r.reason = "evaluation";
  r.created_at_ms = at;
  return r;
}

class AccessRequestRepositoryTest : public ::testing::Test {
 protected:
  AccessRequestRepositoryTest() : db_(dir_.db_file()) { migrate(db_); }
  testing::TempDir dir_;
  Database db_;
};

TEST_F(AccessRequestRepositoryTest, CreatedPendingWhateverTheInputSays) {
  AccessRequest input = request("ar1", "team-a", "o1", 10);
  input.status = AccessStatus::approved;
  input.decided_by = "someone";
  auto created = create_access_request(db_, input);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->status, AccessStatus::pending);
  auto loaded = get_access_request(db_, "ar1");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->status, AccessStatus::pending);
  EXPECT_FALSE(loaded->decided_by.has_value());
  EXPECT_EQ(loaded->reason, "evaluation");
}

TEST_F(AccessRequestRepositoryTest, OnePendingRequestPerTeamAndModel) {
  ASSERT_TRUE(create_access_request(db_, request("ar1", "team-a", "o1", 10)).ok());
  auto same_id = create_access_request(db_, request("ar1", "team-b", "o1", 11));
  ASSERT_FALSE(same_id.ok());
  EXPECT_EQ(same_id.error().message, "access request 'ar1' already exists");
  auto second_pending = create_access_request(db_, request("ar2", "team-a", "o1", 12));
  ASSERT_FALSE(second_pending.ok());
  EXPECT_TRUE(is_duplicate(second_pending.error()));
  EXPECT_EQ(second_pending.error().message, "team 'team-a' already has a pending request for 'o1'");
  EXPECT_TRUE(create_access_request(db_, request("ar3", "team-b", "o1", 13)).ok());
}

TEST_F(AccessRequestRepositoryTest, DecideOnceThenAskAgain) {
  ASSERT_TRUE(create_access_request(db_, request("ar1", "team-a", "o1", 10)).ok());
  auto rejected = decide_access_request(db_, "ar1", {false, "platform", "no budget"}, 20);
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, AccessStatus::rejected);
  EXPECT_EQ(rejected->decided_by, "platform");
  EXPECT_EQ(rejected->decision_reason, "no budget");
  EXPECT_EQ(rejected->decided_at_ms, 20);

  auto twice = decide_access_request(db_, "ar1", {true, "platform", ""}, 30);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().http_status, 409);
  EXPECT_EQ(twice.error().message, "access request 'ar1' was already rejected");

  ASSERT_TRUE(create_access_request(db_, request("ar2", "team-a", "o1", 40)).ok());
  auto latest = latest_access_request(db_, "team-a", "o1");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->id, "ar2");
  EXPECT_EQ((*latest)->status, AccessStatus::pending);
  ASSERT_TRUE(decide_access_request(db_, "ar2", {true, "platform", "ok"}, 50).ok());
  latest = latest_access_request(db_, "team-a", "o1");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->status, AccessStatus::approved);

  auto never = latest_access_request(db_, "team-b", "o1");
  ASSERT_TRUE(never.ok());
  EXPECT_FALSE(never->has_value());
  auto missing = decide_access_request(db_, "nope", {true, "platform", ""}, 60);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().http_status, 404);
}

TEST_F(AccessRequestRepositoryTest, ListFiltersByTeamAndStatus) {
  ASSERT_TRUE(create_access_request(db_, request("a1", "team-a", "o1", 1)).ok());
  ASSERT_TRUE(create_access_request(db_, request("a2", "team-a", "o3", 2)).ok());
  ASSERT_TRUE(create_access_request(db_, request("b1", "team-b", "o1", 3)).ok());
  ASSERT_TRUE(decide_access_request(db_, "a2", {true, "platform", ""}, 4).ok());

  AccessRequestListOptions pending_a;
  pending_a.team_id = "team-a";
  pending_a.status = AccessStatus::pending;
  auto listed = list_access_requests(db_, pending_a);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, "a1");

  auto all = list_access_requests(db_, AccessRequestListOptions{});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  EXPECT_EQ(parse_access_status("approved"), AccessStatus::approved);
  EXPECT_EQ(parse_access_status("maybe"), std::nullopt);
}

}  // namespace
}  // namespace llmgw::store::sqlite
