#include "pipeline/middleware/router/router.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"
#include "support/test_chain.hpp"

namespace llmgw::pipeline {
namespace {

// Heap-allocated: RequestContext is not movable (its formatted header buffer).
std::unique_ptr<RequestContext> routed_request(std::string model, const std::string& key_id) {
  auto owner = std::make_unique<RequestContext>();
  RequestContext& ctx = *owner;
  ctx.snapshot = testing::sample_snapshot();
  ctx.endpoint = Endpoint::chat_completions;
  ctx.body.model = std::move(model);
  for (const auto& key : ctx.config().keys) {
    if (key.id == key_id) ctx.principal = &key;
  }
  return owner;
}

Decision route(RequestContext& ctx) {
  return testing::sync_wait(
      RouterMiddleware(testing::test_chain_services().routing).on_request(ctx));
}

TEST(RouterTest, RoutesToEnabledDeploymentsInOrder) {
  const auto ctx_owner = routed_request("c", "all");
  RequestContext& ctx = *ctx_owner;
  ASSERT_TRUE(route(ctx).proceeds());
  ASSERT_EQ(ctx.route.size(), 1u);  // p1 is disabled
  EXPECT_EQ(ctx.route[0]->provider, "p0");
  EXPECT_EQ(ctx.route[0]->upstream_model, "up-c");
  EXPECT_EQ(ctx.model->name, "c");
}

TEST(RouterTest, UnknownModelIs404ModelNotFound) {
  const auto ctx_owner = routed_request("nope", "all");
  RequestContext& ctx = *ctx_owner;
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 404);
  EXPECT_EQ(decision.reply->error->code, "model_not_found");
}

TEST(RouterTest, KeyNotAllowedTheModelIs403) {
  const auto ctx_owner = routed_request("c", "only-a");
  RequestContext& ctx = *ctx_owner;
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 403);
}

TEST(RouterTest, AllProvidersDisabledIs503) {
  const auto ctx_owner = routed_request("b", "all");
  RequestContext& ctx = *ctx_owner;
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 503);
}

TEST(RouterTest, HugeModelNamesAreTruncatedInMessages) {
  const auto ctx_owner = routed_request(std::string(10000, 'x'), "all");
  RequestContext& ctx = *ctx_owner;
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_LT(decision.reply->error->message.size(), 400u);
}

TEST(RouterTest, InfoEndpointsAreNotRouted) {
  const auto ctx_owner = routed_request("", "all");
  RequestContext& ctx = *ctx_owner;
  ctx.endpoint = Endpoint::models_list;
  EXPECT_TRUE(route(ctx).proceeds());
  EXPECT_TRUE(ctx.route.empty());
}

// Model "w" on two enabled providers: "small" (window 100) then "large" (window 10000).
std::unique_ptr<RequestContext> windowed_request(std::string content,
                                                 routing::WorkerRouting* breaker_state = nullptr,
                                                 config::BreakerPolicy breaker = {}) {
  auto cfg = std::make_shared<config::Config>();
  cfg->providers.push_back(testing::provider("p0"));
  cfg->providers.push_back(testing::provider("p1"));
  config::ModelConfig model = testing::model("w", {0, 1}, *cfg);
  model.deployments[0].id = "small";
  model.deployments[0].state_key = "w\nsmall";
  model.deployments[0].context_window = 100;
  model.deployments[1].id = "large";
  model.deployments[1].state_key = "w\nlarge";
  model.deployments[1].context_window = 10000;
  model.preflight = true;
  model.routing.breaker = breaker;
  model.stateful_routing = breaker_state != nullptr;
  cfg->models.push_back(model);
  auto owner = std::make_unique<RequestContext>();
  RequestContext& ctx = *owner;
  ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
  ctx.endpoint = Endpoint::chat_completions;
  ctx.body.model = "w";
  ctx.body.raw = R"({"model":"w","messages":[{"role":"user","content":")" + content + R"("}]})";
  return owner;
}

TEST(RouterTest, PreflightLeavesOutDeploymentsTooSmallForThePrompt) {
  const auto ctx_owner = windowed_request(std::string(2000, 'x'));
  RequestContext& ctx = *ctx_owner;  // ~500 tokens
  ASSERT_TRUE(route(ctx).proceeds());
  ASSERT_EQ(ctx.route.size(), 1u);
  EXPECT_EQ(ctx.route[0]->id, "large");
  const auto small_owner = windowed_request("hi");
  RequestContext& small = *small_owner;
  ASSERT_TRUE(route(small).proceeds());
  EXPECT_EQ(small.route.size(), 2u);
}

TEST(RouterTest, PreflightAnswers400WhenNoWindowFits) {
  const auto ctx_owner = windowed_request(std::string(60000, 'x'));
  RequestContext& ctx = *ctx_owner;  // ~15000 tokens
  Decision decision = route(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 400);
  EXPECT_EQ(decision.reply->error->code, "context_length_exceeded");
  EXPECT_NE(decision.reply->error->message.find("10000"), std::string::npos);
}

TEST(RouterTest, OpenBreakersAreLeftOutAndAllOpenIs503) {
  // Its own state, so a repeated run starts with closed breakers.
  routing::WorkerRouting state(7, testing::test_chain_services().metrics,
                               testing::test_chain_services().log);
  auto route_with_state = [&](RequestContext& ctx) {
    return testing::sync_wait(RouterMiddleware(state).on_request(ctx));
  };
  config::BreakerPolicy breaker;
  breaker.enabled = true;
  breaker.consecutive_failures = 1;
  breaker.cooldown = std::chrono::milliseconds(60'000);
  const auto ctx_owner = windowed_request("hi", &state, breaker);
  RequestContext& ctx = *ctx_owner;
  const auto& deployments = ctx.config().models[0].deployments;
  state.state(deployments[0]).breaker.on_failure(breaker, Clock::now());
  ASSERT_TRUE(route_with_state(ctx).proceeds());
  ASSERT_EQ(ctx.route.size(), 1u);
  EXPECT_EQ(ctx.route[0]->id, "large");

  state.state(deployments[1]).breaker.on_failure(breaker, Clock::now());
  const auto all_open_owner = windowed_request("hi", &state, breaker);
  RequestContext& all_open = *all_open_owner;
  Decision decision = route_with_state(all_open);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 503);
  EXPECT_NE(decision.reply->error->message.find("circuit breaker is open"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::pipeline
