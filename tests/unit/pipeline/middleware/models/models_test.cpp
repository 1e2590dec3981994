#include "pipeline/middleware/models/models.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

// Fills a context in place: RequestContext is not movable (its formatted header buffer).
void prepare_models_request(RequestContext& ctx, Endpoint endpoint, const std::string& key_id) {
  ctx.snapshot = testing::sample_snapshot();
  ctx.endpoint = endpoint;
  for (const auto& key : ctx.config().keys) {
    if (key.id == key_id) ctx.principal = &key;
  }
}

Decision run(RequestContext& ctx) {
  return testing::sync_wait(ModelsMiddleware().on_request(ctx));
}

TEST(ModelsStageTest, ListIsALocalReplyWithTheKeysModels) {
  RequestContext ctx;
  prepare_models_request(ctx, Endpoint::models_list, "only-a");
  Decision decision = run(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->status, 200);
  EXPECT_FALSE(decision.reply->error);
  auto body = nlohmann::json::parse(decision.reply->body);
  ASSERT_EQ(body["data"].size(), 1u);
  EXPECT_EQ(body["data"][0]["id"], "a");
}

TEST(ModelsStageTest, OneModelOrNotFoundWhenTheKeyMayNotUseIt) {
  RequestContext ctx;
  prepare_models_request(ctx, Endpoint::model_get, "only-a");
  ctx.model_id = "a";
  Decision decision = run(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(nlohmann::json::parse(decision.reply->body)["id"], "a");

  RequestContext other;
  prepare_models_request(other, Endpoint::model_get, "only-a");
  other.model_id = "c";
  Decision hidden = run(other);
  ASSERT_TRUE(hidden.reply && hidden.reply->error);
  EXPECT_EQ(hidden.reply->error->http_status, 404);
  EXPECT_EQ(hidden.reply->error->code, "model_not_found");
}

TEST(ModelsStageTest, InferenceEndpointsPassThrough) {
  RequestContext ctx;
  prepare_models_request(ctx, Endpoint::chat_completions, "all");
  EXPECT_TRUE(run(ctx).proceeds());
}

}  // namespace
}  // namespace llmgw::pipeline
