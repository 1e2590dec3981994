#include "admin/resource_input.hpp"

#include <gtest/gtest.h>

#include "admin/json_input.hpp"

namespace llmgw::admin {
namespace {

using nlohmann::json;

Error error_of(const Result<KeyCreate>& result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? Error{} : result.error();
}

TEST(ResourceInputTest, ReadsAFullKey) {
  auto body = json::parse(R"({"id": "alice", "team": "research", "role": "user",
      "models": ["gpt-x"], "limits": {"rpm": 10, "tpm": 1000, "max_parallel": 2},
      "budget": {"amount": "12.50", "period": "week"}, "expires_at": "2027-01-31T00:00:00Z",
      "tags": {"owner": "alice"}})");
  auto read = read_key_create(body);
  ASSERT_TRUE(read.ok()) << read.error().message;
  const auto& key = read->key;
  EXPECT_EQ(key.id, "alice");
  EXPECT_EQ(key.team_id, "research");
  EXPECT_EQ(key.allowed_models, std::vector<std::string>{"gpt-x"});
  EXPECT_EQ(key.limits.rpm, 10);
  EXPECT_EQ(key.limits.tpm, 1000);
  EXPECT_EQ(key.limits.max_parallel, 2);
  EXPECT_EQ(key.budget.amount, 12'500'000'000'000);
  EXPECT_EQ(key.budget.period, config::BudgetPeriod::week);
  EXPECT_EQ(key.expires_at_ms, 1'801'353'600'000);
  EXPECT_EQ(key.tags.at("owner"), "alice");
}

TEST(ResourceInputTest, UnknownFieldsAreNamedWithTheKnownOnes) {
  Error e = error_of(read_key_create(json::parse(R"({"id": "a", "rmp": 5})")));
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.code, "unknown_field");
  EXPECT_EQ(e.param, "rmp");
  EXPECT_NE(e.message.find("Known fields:"), std::string::npos);
  Error nested = error_of(read_key_create(json::parse(R"({"limits": {"rpm": 1, "burst": 2}})")));
  EXPECT_EQ(nested.param, "limits.burst");
}

TEST(ResourceInputTest, WrongTypesAndRangesAre400sNamingTheField) {
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"limits": {"rpm": "ten"}})"))).param,
            "limits.rpm");
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"limits": {"tpm": -1}})"))).message,
            "'limits.tpm' must not be negative.");
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"models": "gpt-x"})"))).param, "models");
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"models": []})"))).param, "models");
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"id": "no spaces"})"))).param, "id");
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"expires_at": "tomorrow"})"))).param,
            "expires_at");
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"role": "root"})"))).param, "role");
}

TEST(ResourceInputTest, BudgetsArePositiveExactUsdStrings) {
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"budget": {"amount": "-5"}})"))).param,
            "budget.amount");
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"budget": {"amount": "0"}})"))).param,
            "budget.amount");
  Error number = error_of(read_key_create(json::parse(R"({"budget": {"amount": 5.5}})")));
  EXPECT_NE(number.message.find("must be a string"), std::string::npos);
  EXPECT_EQ(error_of(read_key_create(json::parse(R"({"budget": {"period": "day"}})"))).message,
            "'budget.amount' is required.");
  EXPECT_EQ(
      error_of(read_key_create(json::parse(R"({"budget": {"amount": "1", "period": "year"}})")))
          .param,
      "budget.period");
}

TEST(ResourceInputTest, SecretsCannotBeChosen) {
  Error e = error_of(read_key_create(json::parse(R"({"secret": "sk-mine"})")));
  EXPECT_EQ(e.param, "secret");
  EXPECT_EQ(e.message.find("sk-mine"), std::string::npos);
}

TEST(ResourceInputTest, PatchClearsWithNullAndRefusesImmutableFields) {
  auto read =
      read_key_update(json::parse(R"({"models": null, "budget": null, "expires_at": null})"));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_TRUE(read->patch.allowed_models);
  EXPECT_TRUE(read->patch.allowed_models->empty());
  ASSERT_TRUE(read->patch.budget);
  EXPECT_FALSE(read->patch.budget->set());
  ASSERT_TRUE(read->patch.expires_at_ms);
  EXPECT_FALSE(*read->patch.expires_at_ms);
  auto team = read_key_update(json::parse(R"({"team": "other"})"));
  ASSERT_FALSE(team.ok());
  EXPECT_EQ(team.error().param, "team");
  EXPECT_NE(team.error().message.find("cannot be changed"), std::string::npos);
}

TEST(ResourceInputTest, TeamsNeedAnId) {
  auto missing = read_team_create(json::parse(R"({"limits": {"rpm": 5}})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "'id' is required.");
  auto team = read_team_create(json::parse(R"({"id": "ops", "limits": {"rpm": 5}})"));
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(team->limits.rpm, 5);
}

TEST(ResourceInputTest, RotationGraceIsBounded) {
  EXPECT_EQ(read_rotation(json::object())->grace_seconds, 3600);
  EXPECT_EQ(read_rotation(json::parse(R"({"grace_seconds": 0})"))->grace_seconds, 0);
  EXPECT_FALSE(read_rotation(json::parse(R"({"grace_seconds": -1})")).ok());
  EXPECT_FALSE(read_rotation(json::parse(R"({"grace_seconds": 99999999})")).ok());
}

TEST(ResourceInputTest, BodiesMustBeJsonObjects) {
  EXPECT_TRUE(parse_object_body("").ok());
  EXPECT_EQ(parse_object_body("{").error().code, "invalid_json");
  EXPECT_EQ(parse_object_body("[1]").error().code, "invalid_json");
}

}  // namespace
}  // namespace llmgw::admin
