#include "admin/rules.hpp"

#include <gtest/gtest.h>

namespace llmgw::admin {
namespace {

config::TeamConfig team() {
  config::TeamConfig t;
  t.id = "research";
  t.allowed_models = {"a", "b"};
  t.limits = {100, 10'000, 4};
  t.budget = {50'000'000'000'000, config::BudgetPeriod::month};
  return t;
}

store::sqlite::KeyRecord key() {
  store::sqlite::KeyRecord k;
  k.id = "alice";
  k.team_id = "research";
  return k;
}

TEST(RulesTest, KeysMayOnlyNarrowTheirTeam) {
  auto k = key();
  EXPECT_FALSE(check_key_narrows(k, team()));  // Nothing of its own: the team's apply.
  k.limits = {100, 5'000, 4};
  k.allowed_models = {"a"};
  k.budget.amount = 50'000'000'000'000;
  EXPECT_FALSE(check_key_narrows(k, team()));
  k.limits.rpm = 101;
  auto rpm = check_key_narrows(k, team());
  ASSERT_TRUE(rpm);
  EXPECT_EQ(rpm->param, "limits.rpm");
  EXPECT_NE(rpm->message.find("above team 'research''s 100"), std::string::npos);
  k.limits.rpm = 0;
  k.budget.amount += 1;
  EXPECT_EQ(check_key_narrows(k, team())->param, "budget.amount");
  k.budget.amount = 0;
  k.allowed_models = {"a", "c"};
  EXPECT_EQ(check_key_narrows(k, team())->param, "models");
}

TEST(RulesTest, TeamsWithoutLimitsAcceptAnyKeyLimit) {
  config::TeamConfig open;
  open.id = "open";
  auto k = key();
  k.limits = {1'000'000, 1'000'000, 1'000};
  k.allowed_models = {"anything"};
  EXPECT_FALSE(check_key_narrows(k, open));
}

TEST(RulesTest, TeamAdminsActOnlyOnTheirTeam) {
  const Caller platform{Caller::Kind::platform_admin, "admin", {}};
  const Caller lead{Caller::Kind::team_admin, "lead", "research"};
  EXPECT_FALSE(require_team_access(platform, "anything"));
  EXPECT_FALSE(require_team_access(lead, "research"));
  auto other = require_team_access(lead, "finance");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->http_status, 403);
  EXPECT_EQ(other->code, "other_team");
  EXPECT_NE(other->message.find("'finance'"), std::string::npos);
  EXPECT_TRUE(require_team_access(lead, ""));
  EXPECT_FALSE(require_platform(platform, "create teams"));
  EXPECT_EQ(require_platform(lead, "create teams")->http_status, 403);
}

TEST(RulesTest, ModelsMustBeConfigured) {
  config::Config cfg;
  cfg.models.push_back({});
  cfg.models.back().name = "a";
  EXPECT_FALSE(check_models_known({"a"}, cfg, "models"));
  auto unknown = check_models_known({"a", "zz"}, cfg, "models");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->code, "unknown_model");
}

}  // namespace
}  // namespace llmgw::admin
