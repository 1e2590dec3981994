// Tests for src/config/governance_section.cpp, the governance keys of keys and models, and
// validate_governance.cpp.
#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "config/rfc3339.hpp"
#include "llmgw/config/loader.hpp"

namespace llmgw::config {
namespace {

using testing::dump;
using testing::find_issue;
using testing::parse_errors;
using testing::parse_ok;

constexpr std::string_view kBase = R"(
providers:
  - name: p
    kind: openai_compatible
    base_url: http://127.0.0.1:9/v1
models:
  - name: m1
    deployments: [{provider: p, model: u1}]
  - name: m2
    approval: required
    limits: {rpm: 100}
    deployments: [{provider: p, model: u2}]
)";

std::string with(std::string_view rest) {
  return std::string(kBase) + std::string(rest);
}

TEST(GovernanceSectionTest, ReadsTeamsKeysLimitsAndBudgets) {
  auto result = parse_ok(with(R"(
limits: {rpm: 10000, tpm: 2000000}
teams:
  - id: research
    models: [m1, m2]
    limits: {rpm: 600, tpm: 200000, max_parallel: 20}
    budget: {amount: "500.00", period: month}
    tags: {cost_center: "R&D"}
keys:
  - id: alice
    secret: sk-alice-0123456789
    team: research
    role: team_admin
    models: [m1]
    limits: {rpm: 60}
    model_limits: {tpm: 10000}
    budget: {amount: 25.5, period: day}
    expires: 2027-01-31T00:00:00Z
    tags: {owner: alice}
state:
  dir: state
  spend_queue_size: 1000
)"));
  const Config& c = *result.config;
  EXPECT_EQ(c.limits.rpm, 10000);
  EXPECT_EQ(c.limits.tpm, 2000000);
  ASSERT_EQ(c.teams.size(), 1u);
  const TeamConfig& team = c.teams[0];
  EXPECT_EQ(team.id, "research");
  EXPECT_EQ(team.limits.max_parallel, 20);
  EXPECT_EQ(team.budget.amount, 500 * governance::kPicoUsdPerUsd);
  EXPECT_EQ(team.budget.period, BudgetPeriod::month);
  EXPECT_EQ(team.tags.at("cost_center"), "R&D");
  const KeyConfig& key = c.keys[0];
  EXPECT_EQ(key.team, "research");
  EXPECT_EQ(key.role, KeyRole::team_admin);
  EXPECT_EQ(key.limits.rpm, 60);
  EXPECT_EQ(key.per_model_limits.tpm, 10000);
  EXPECT_EQ(key.budget.amount, 25'500'000'000'000);
  EXPECT_EQ(key.budget.period, BudgetPeriod::day);
  EXPECT_EQ(key.expires_at, 1'801'353'600);
  EXPECT_EQ(c.models[1].approval_required, true);
  EXPECT_EQ(c.models[1].limits.rpm, 100);
  EXPECT_FALSE(c.models[0].approval_required);
  EXPECT_EQ(c.state.spend_queue_size, 1000u);
  EXPECT_TRUE(c.state.dir.ends_with("state"));
}

TEST(GovernanceSectionTest, BadValuesNameFileLineAndKey) {
  auto issues = parse_errors(with(R"(
teams:
  - id: t
    limits: {rpm: 0, tpm: -5, burst: 3}
    budget: {amount: "-1", period: fortnight}
keys:
  - id: k
    secret: sk-k-0123456789
    expires: tomorrow
)"));
  const auto* rpm = find_issue(issues, "teams[0].limits.rpm");
  ASSERT_NE(rpm, nullptr) << dump(issues);
  EXPECT_EQ(rpm->file, "test.yaml");
  EXPECT_EQ(rpm->line, 16);
  EXPECT_NE(find_issue(issues, "teams[0].limits.tpm"), nullptr) << dump(issues);
  EXPECT_NE(find_issue(issues, "teams[0].limits.burst"), nullptr) << dump(issues);
  EXPECT_NE(find_issue(issues, "teams[0].budget.amount"), nullptr) << dump(issues);
  EXPECT_NE(find_issue(issues, "teams[0].budget.period"), nullptr) << dump(issues);
  const auto* expires = find_issue(issues, "keys[0].expires");
  ASSERT_NE(expires, nullptr) << dump(issues);
  EXPECT_NE(expires->message.find("RFC 3339"), std::string::npos);
}

TEST(GovernanceSectionTest, KeysMayOnlyNarrowTheirTeam) {
  auto issues = parse_errors(with(R"(
teams:
  - id: t
    models: [m1]
    limits: {rpm: 100}
    budget: {amount: "10"}
keys:
  - id: k
    secret: sk-k-0123456789
    team: t
    models: [m2]
    limits: {rpm: 101}
    budget: {amount: "11"}
  - id: orphan
    secret: sk-o-0123456789
    team: nobody
  - id: admin
    secret: sk-a-0123456789
    role: team_admin
)"));
  const auto* rpm = find_issue(issues, "keys[0].limits.rpm");
  ASSERT_NE(rpm, nullptr) << dump(issues);
  EXPECT_NE(rpm->message.find("may only narrow"), std::string::npos) << rpm->message;
  EXPECT_NE(find_issue(issues, "keys[0].budget.amount"), nullptr) << dump(issues);
  EXPECT_NE(find_issue(issues, "keys[0].models[0]"), nullptr) << dump(issues);
  EXPECT_NE(find_issue(issues, "keys[1].team"), nullptr) << dump(issues);
  EXPECT_NE(find_issue(issues, "keys[2].role"), nullptr) << dump(issues);
}

TEST(GovernanceSectionTest, DuplicateTeamsAndUnknownModelsAreErrors) {
  auto issues = parse_errors(with(R"(
teams:
  - id: t
    models: [nope]
  - id: t
)"));
  EXPECT_NE(find_issue(issues, "teams[0].models[0]"), nullptr) << dump(issues);
  EXPECT_NE(find_issue(issues, "teams[1].id"), nullptr) << dump(issues);
}

TEST(GovernanceSectionTest, UnauthenticatedModeNeedsLoopbackListeners) {
  auto ok = parse_ok(with(R"(
teams: [{id: dev}]
auth: {unauthenticated: {team: dev}}
)"));
  EXPECT_TRUE(ok.config->unauthenticated.enabled);
  EXPECT_EQ(ok.config->unauthenticated.team, "dev");

  auto issues = parse_errors(with(R"(
server: {listen: "0.0.0.0:8080"}
teams: [{id: dev}]
auth: {unauthenticated: {team: dev}}
)"));
  const auto* issue = find_issue(issues, "auth.unauthenticated");
  ASSERT_NE(issue, nullptr) << dump(issues);
  EXPECT_NE(issue->message.find("loopback"), std::string::npos);

  auto unknown = parse_errors(with("auth: {unauthenticated: {team: ghosts}}\n"));
  EXPECT_NE(find_issue(unknown, "auth.unauthenticated.team"), nullptr) << dump(unknown);
}

TEST(Rfc3339Test, ParsesUtcOffsetsAndFractions) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2027-01-31T00:00:00Z"), 1'801'353'600);
  EXPECT_EQ(parse_rfc3339("2027-01-31T09:00:00+09:00"), 1'801'353'600);
  EXPECT_EQ(parse_rfc3339("2027-01-30T23:00:00.250-01:00"), 1'801'353'600);
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), 1'709'164'800);
  EXPECT_FALSE(parse_rfc3339("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2027-01-31"));
  EXPECT_FALSE(parse_rfc3339("2027-01-31T24:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2027-01-31T00:00:00"));
  EXPECT_FALSE(parse_rfc3339("2027-01-31T00:00:00Zjunk"));
  EXPECT_FALSE(parse_rfc3339(""));
}

}  // namespace
}  // namespace llmgw::config
