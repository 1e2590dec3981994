#include "pipeline/middleware/router/router.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"
#include "support/test_chain.hpp"

namespace llmgw::pipeline {
namespace {

RequestContext routed_request(std::string model, const std::string& key_id) {
  RequestContext ctx;
  ctx.snapshot = testing::sample_snapshot();
  ctx.endpoint = Endpoint::chat_completions;
  ctx.body.model = std::move(model);
  for (const auto& key : ctx.config().keys) {
    if (key.id == key_id) ctx.principal = &key;
  }
  return ctx;
}

Decision route(RequestContext& ctx) {
  return testing::sync_wait(
      RouterMiddleware(testing::test_chain_services().routing).on_request(ctx));
}

TEST(RouterTest, RoutesToEnabledDeploymentsInOrder) {
  RequestContext ctx = routed_request("c", "all");
  ASSERT_TRUE(route(ctx).proceeds());
  ASSERT_EQ(ctx.route.size(), 1u);  // p1 is disabled
  EXPECT_EQ(ctx.route[0]->provider, "p0");
  EXPECT_EQ(ctx.route[0]->upstream_model, "up-c");
  EXPECT_EQ(ctx.model->name, "c");
}

TEST(RouterTest, UnknownModelIs404ModelNotFound) {
  RequestContext ctx = routed_request("nope", "all");
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 404);
  EXPECT_EQ(decision.reply->error->code, "model_not_found");
}

TEST(RouterTest, KeyNotAllowedTheModelIs403) {
  RequestContext ctx = routed_request("c", "only-a");
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 403);
}

TEST(RouterTest, AllProvidersDisabledIs503) {
  RequestContext ctx = routed_request("b", "all");
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 503);
}

TEST(RouterTest, HugeModelNamesAreTruncatedInMessages) {
  RequestContext ctx = routed_request(std::string(10000, 'x'), "all");
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_LT(decision.reply->error->message.size(), 400u);
}

TEST(RouterTest, InfoEndpointsAreNotRouted) {
  RequestContext ctx = routed_request("", "all");
  ctx.endpoint = Endpoint::models_list;
  EXPECT_TRUE(route(ctx).proceeds());
  EXPECT_TRUE(ctx.route.empty());
}

}  // namespace
}  // namespace llmgw::pipeline
