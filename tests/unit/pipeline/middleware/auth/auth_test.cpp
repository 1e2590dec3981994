#include "pipeline/middleware/auth/auth.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

// 2026-06-01T00:00:00Z
constexpr std::int64_t kNowSeconds = 1'780'272'000;

Decision authenticate(RequestContext& ctx, std::int64_t now_seconds = kNowSeconds) {
  const ManualWallClock clock(now_seconds * 1000);
  const AuthMiddleware auth(clock);
  return testing::sync_wait(auth.on_request(ctx));
}

TEST(AuthTest, AcceptsAConfiguredKeyAndWipesIt) {
  RequestContext ctx;
  ctx.snapshot = testing::sample_snapshot();
  ctx.presented_key = "sk-a";
  ASSERT_TRUE(authenticate(ctx).proceeds());
  ASSERT_NE(ctx.principal, nullptr);
  EXPECT_EQ(ctx.principal->id, "only-a");
  EXPECT_TRUE(ctx.presented_key.empty());
}

TEST(AuthTest, RejectsUnknownKeyWith401WithoutEchoingIt) {
  RequestContext ctx;
  ctx.snapshot = testing::sample_snapshot();
  ctx.presented_key = "sk-wrong-secret-value";
  Decision decision = authenticate(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 401);
  EXPECT_EQ(decision.reply->error->code, "invalid_api_key");
  EXPECT_EQ(decision.reply->error->message.find("sk-wrong"), std::string::npos);
  EXPECT_EQ(ctx.principal, nullptr);
}

TEST(AuthTest, MissingKeyIs401WithHowToSendIt) {
  RequestContext ctx;
  ctx.snapshot = testing::sample_snapshot();
  Decision decision = authenticate(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 401);
  EXPECT_NE(decision.reply->error->message.find("Authorization: Bearer"), std::string::npos);
}

TEST(AuthTest, DisabledKeysNeverMatch) {
  auto cfg = std::make_shared<config::Config>();
  cfg->keys.push_back(testing::key("off", "sk-off"));
  cfg->keys.back().enabled = false;
  RequestContext ctx;
  ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
  ctx.presented_key = "sk-off";
  EXPECT_FALSE(authenticate(ctx).proceeds());
}

TEST(AuthTest, ExpiredKeyIs401NamingTheKeyAndWhen) {
  auto cfg = std::make_shared<config::Config>();
  cfg->keys.push_back(testing::key("temp", "sk-temp"));
  cfg->keys.back().expires_at = kNowSeconds;
  RequestContext ctx;
  ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
  ctx.presented_key = "sk-temp";
  EXPECT_TRUE(authenticate(ctx, kNowSeconds - 1).proceeds());
  ctx.presented_key = "sk-temp";
  Decision decision = authenticate(ctx, kNowSeconds);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 401);
  EXPECT_EQ(decision.reply->error->message,
            "The API key 'temp' expired at 2026-06-01T00:00:00Z. Ask for a new key.");
  EXPECT_TRUE(ctx.presented_key.empty());
}

TEST(AuthTest, ResolvesTheKeysTeam) {
  auto cfg = std::make_shared<config::Config>();
  cfg->teams.push_back(config::TeamConfig{"research", {}, {}, {}, {}});
  cfg->keys.push_back(testing::key("alice", "sk-alice"));
  cfg->keys.back().team = "research";
  RequestContext ctx;
  ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
  ctx.presented_key = "sk-alice";
  ASSERT_TRUE(authenticate(ctx).proceeds());
  ASSERT_NE(ctx.team, nullptr);
  EXPECT_EQ(ctx.team->id, "research");
}

TEST(AuthTest, UnauthenticatedModeCountsKeylessRequestsAsItsTeam) {
  auto cfg = std::make_shared<config::Config>();
  cfg->teams.push_back(config::TeamConfig{"dev", {}, {}, {}, {}});
  cfg->unauthenticated = config::UnauthenticatedConfig{true, "dev"};
  cfg->keys.push_back(testing::key("alice", "sk-alice"));
  RequestContext ctx;
  ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
  ASSERT_TRUE(authenticate(ctx).proceeds());
  ASSERT_NE(ctx.principal, nullptr);
  EXPECT_EQ(ctx.principal->id, "unauthenticated");
  ASSERT_NE(ctx.team, nullptr);
  EXPECT_EQ(ctx.team->id, "dev");
  // A key that is presented must still be a valid one.
  RequestContext wrong;
  wrong.snapshot = ctx.snapshot;
  wrong.presented_key = "sk-wrong";
  EXPECT_FALSE(authenticate(wrong).proceeds());
}

TEST(AuthTest, FindsApiKeysAndTheirTeamsInTheKeyIndex) {
  std::vector<governance::IndexedKey> keys(2);
  keys[0].key = testing::key("api-alice", "sk-api-alice");
  keys[0].key.team = "api-team";
  keys[1].key = testing::key("api-gone", "sk-api-gone");
  keys[1].revoked_at_ms = 1;
  std::vector<config::TeamConfig> teams(1);
  teams[0].id = "api-team";
  teams[0].limits.rpm = 7;
  governance::KeyIndexStore index;
  index.replace_if_newer(std::make_shared<const governance::KeyIndex>(
      1, std::move(keys), std::move(teams), std::vector<governance::AccessEntry>{}));
  const ManualWallClock clock(kNowSeconds * 1000);
  const AuthMiddleware auth(clock, &index);

  RequestContext ctx;
  ctx.snapshot = testing::sample_snapshot();
  ctx.presented_key = "sk-api-alice";
  ASSERT_TRUE(testing::sync_wait(auth.on_request(ctx)).proceeds());
  ASSERT_NE(ctx.principal, nullptr);
  EXPECT_EQ(ctx.principal->id, "api-alice");
  ASSERT_NE(ctx.team, nullptr);
  EXPECT_EQ(ctx.team->limits.rpm, 7);
  EXPECT_NE(ctx.key_index, nullptr);
  EXPECT_TRUE(ctx.presented_key.empty());

  RequestContext revoked;
  revoked.snapshot = ctx.snapshot;
  revoked.presented_key = "sk-api-gone";
  Decision decision = testing::sync_wait(auth.on_request(revoked));
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 401);
  EXPECT_EQ(decision.reply->error->message,
            "The API key 'api-gone' has been revoked. Ask for a new key.");

  // Config keys still win, and need no index.
  RequestContext config_key;
  config_key.snapshot = ctx.snapshot;
  config_key.presented_key = "sk-all";
  ASSERT_TRUE(testing::sync_wait(auth.on_request(config_key)).proceeds());
  EXPECT_EQ(config_key.key_index, nullptr);
}

}  // namespace
}  // namespace llmgw::pipeline
