// The proxy's retry loop against the scripted upstream: retries on the same deployment, the
// budget, breakers and the route headers. Waits are real Asio timers of a few milliseconds.
#include <gtest/gtest.h>

#include "proxy/proxy.hpp"
#include "proxy/proxy_fixture.hpp"
#include "routing/worker_routing.hpp"
#include "support/formatted_headers.hpp"

namespace llmgw::proxy {
namespace {

using namespace testing_support;

struct RetryFixture {
  explicit RetryFixture(const config::RoutingConfig& routing_config) {
    auto cfg = std::make_shared<config::Config>();
    cfg->providers.push_back(llmgw::testing::provider("first"));
    cfg->providers.push_back(llmgw::testing::provider("second"));
    config::ModelConfig model = llmgw::testing::model("m", {0, 1}, *cfg);
    model.routing = routing_config;
    model.stateful_routing = true;
    cfg->models.push_back(model);
    ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
    ctx.endpoint = Endpoint::chat_completions;
    ctx.dialect = &builtin.dialects.for_endpoint(ctx.endpoint);
    ctx.request_id = "rid";
    ctx.body = parse_request_body(Endpoint::chat_completions,
                                  R"({"model":"m","messages":[{"role":"user","content":"hi"}]})")
                   .value();
    ctx.model = &ctx.config().models[0];
    ctx.timings.start = Clock::now();
    for (const auto& deployment : ctx.model->deployments) ctx.route.push_back(&deployment);
  }

  Outcome run() {
    Proxy proxy({client, metrics, builtin.providers, &routing});
    return llmgw::testing::sync_wait(proxy.forward(ctx, writer, nullptr));
  }

  // As written to the client: the route headers are formatted lines of the answering head.
  std::string header(std::string_view name) const {
    return llmgw::testing::formatted_header(writer.formatted, name).value_or("");
  }

  app::BuiltinComponents builtin;
  RequestContext ctx;
  llmgw::testing::ScriptedClient client;
  llmgw::testing::RecordingWriter writer;
  llmgw::testing::NullMetrics metrics;
  observability::AppLog log{config::LoggingConfig{"off", config::LogFormat::text}};
  routing::WorkerRouting routing{99, metrics, log};
};

config::RoutingConfig retries(unsigned max_retries) {
  config::RoutingConfig routing;
  routing.retry.max_retries = max_retries;
  routing.retry.base_backoff = std::chrono::milliseconds(1);
  routing.retry.max_backoff = std::chrono::milliseconds(2);
  return routing;
}

llmgw::testing::Script ok() {
  return {{}, 200, {std::string(kCompletion)}, {}};
}
llmgw::testing::Script status(int code) {
  return {{}, code, {R"({"error":{"message":"boom","type":"server_error"}})"}, {}};
}

TEST(ProxyRetryTest, AServerErrorIsRetriedOnTheSameDeployment) {
  RetryFixture f(retries(2));
  f.client.scripts = {status(500), ok()};
  EXPECT_EQ(f.run().status, 200);
  EXPECT_EQ(f.client.providers_called, (std::vector<std::string>{"first", "first"}));
  EXPECT_EQ(f.metrics.retries, 1);
  EXPECT_EQ(f.metrics.fallbacks, 0);
  EXPECT_EQ(f.header("x-llmgw-deployment"), "first/up-m");
  EXPECT_EQ(f.header("x-llmgw-attempts"), "2");
  EXPECT_EQ(f.header("x-llmgw-fallback"), "");
  EXPECT_FALSE(f.ctx.fallback);
}

TEST(ProxyRetryTest, RetriesAreBoundedThenTheNextDeploymentAnswers) {
  RetryFixture f(retries(1));
  f.client.scripts = {status(503), status(503), ok()};
  EXPECT_EQ(f.run().status, 200);
  EXPECT_EQ(f.client.providers_called, (std::vector<std::string>{"first", "first", "second"}));
  EXPECT_EQ(f.header("x-llmgw-deployment"), "second/up-m");
  EXPECT_EQ(f.header("x-llmgw-attempts"), "3");
  EXPECT_EQ(f.header("x-llmgw-fallback"), "true");
  EXPECT_EQ(f.metrics.fallbacks, 1);
  EXPECT_EQ(f.ctx.attempts.size(), 3u);
}

TEST(ProxyRetryTest, ABadRequestIsNeitherRetriedNorPassedOn) {
  RetryFixture f(retries(3));
  f.client.scripts = {status(400)};
  EXPECT_EQ(f.run().status, 400);
  EXPECT_EQ(f.client.providers_called.size(), 1u);
  EXPECT_EQ(f.metrics.retries, 0);
}

TEST(ProxyRetryTest, ClassesLeftOutOfThePolicyMoveOnAtOnce) {
  config::RoutingConfig routing = retries(3);
  routing.retry.on.connect = false;
  RetryFixture f(routing);
  f.client.scripts = {{Error::upstream_connect("refused"), 0, {}, {}}, ok()};
  EXPECT_EQ(f.run().status, 200);
  EXPECT_EQ(f.client.providers_called, (std::vector<std::string>{"first", "second"}));
}

TEST(ProxyRetryTest, AnEmptyBudgetMovesOnInsteadOfRetrying) {
  config::RoutingConfig routing = retries(5);
  routing.retry.budget_burst = 1;
  routing.retry.budget_percent = 0;
  RetryFixture f(routing);
  f.client.scripts = {status(500), status(500), ok()};
  EXPECT_EQ(f.run().status, 200);
  // One token: one retry on "first", then on to "second".
  EXPECT_EQ(f.client.providers_called, (std::vector<std::string>{"first", "first", "second"}));
}

TEST(ProxyRetryTest, NoRetryStartsPastTheDeadline) {
  config::RoutingConfig routing = retries(5);
  routing.timeout = std::chrono::milliseconds(1000);
  RetryFixture f(routing);
  f.ctx.timings.start = Clock::now() - std::chrono::milliseconds(1001);
  f.client.scripts = {status(500)};
  EXPECT_EQ(f.run().status, 500);
  EXPECT_EQ(f.client.providers_called.size(), 1u);  // Neither retried nor passed on.
}

TEST(ProxyRetryTest, AnOpenBreakerIsSkippedAndCounted) {
  config::RoutingConfig routing;
  routing.breaker.enabled = true;
  routing.breaker.consecutive_failures = 1;
  routing.breaker.cooldown = std::chrono::milliseconds(60'000);
  RetryFixture f(routing);
  f.client.scripts = {{Error::upstream_connect("refused"), 0, {}, {}}, ok()};
  EXPECT_EQ(f.run().status, 200);
  const routing::DeploymentState* first = f.routing.find(f.ctx.model->deployments[0]);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->breaker.state(), routing::BreakerState::open);
  EXPECT_EQ(first->in_flight, 0u);
}

}  // namespace
}  // namespace llmgw::proxy
