#include "pipeline/middleware/auth/auth.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

Decision authenticate(RequestContext& ctx) {
  return testing::sync_wait(AuthMiddleware().on_request(ctx));
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

}  // namespace
}  // namespace llmgw::pipeline
