#include "store/sqlite/team_repository.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

TeamRecord team(std::string id) {
  TeamRecord t;
  t.id = std::move(id);
  t.allowed_models = {"gpt-4o"};
  t.limits = {100, 50000, 10};
  t.budget = {1'000'000'000'000, config::BudgetPeriod::month};
  t.tags = {{"cost-center", "42"}};
  t.created_at_ms = 1;
  t.updated_at_ms = 1;
  return t;
}

class TeamRepositoryTest : public ::testing::Test {
 protected:
  TeamRepositoryTest() : db_(dir_.db_file()) { migrate(db_); }
  testing::TempDir dir_;
  Database db_;
};

TEST_F(TeamRepositoryTest, CreateGetAndDuplicate) {
  ASSERT_TRUE(create_team(db_, team("core")).ok());
  auto loaded = get_team(db_, "core");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->allowed_models, std::vector<std::string>{"gpt-4o"});
  EXPECT_EQ(loaded->limits.tpm, 50000);
  EXPECT_EQ(loaded->budget.amount, 1'000'000'000'000);
  EXPECT_EQ(loaded->budget.period, config::BudgetPeriod::month);
  EXPECT_EQ(loaded->tags.at("cost-center"), "42");

  auto duplicate = create_team(db_, team("core"));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_TRUE(is_duplicate(duplicate.error()));
  EXPECT_EQ(duplicate.error().message, "team 'core' already exists");

  auto missing = get_team(db_, "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().http_status, 404);
}

TEST_F(TeamRepositoryTest, ListPagesInIdOrder) {
  for (const char* id : {"b", "c", "a"}) ASSERT_TRUE(create_team(db_, team(id)).ok());
  auto first = list_teams(db_, Page{"", 2});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[1].id, "b");
  auto rest = list_teams(db_, Page{"b", 2});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].id, "c");
}

TEST_F(TeamRepositoryTest, PatchAndReadOnlyYamlTeams) {
  ASSERT_TRUE(create_team(db_, team("core")).ok());
  TeamPatch patch;
  patch.budget = config::BudgetConfig{7, config::BudgetPeriod::day};
  patch.allowed_models = std::vector<std::string>{};
  auto patched = patch_team(db_, "core", patch, 99);
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->budget.amount, 7);
  EXPECT_TRUE(patched->allowed_models.empty());
  EXPECT_EQ(patched->limits.rpm, 100);
  EXPECT_EQ(patched->updated_at_ms, 99);

  TeamRecord yaml = team("platform");
  yaml.source = Source::yaml;
  ASSERT_TRUE(create_team(db_, yaml).ok());
  auto refused = patch_team(db_, "platform", patch, 100);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "read_only");
}

}  // namespace
}  // namespace llmgw::store::sqlite
