// Tests for src/config/routing_section.cpp and src/config/validate_routing.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::dump;
using testing::find_issue;
using testing::parse_errors;
using testing::parse_ok;

std::string with_model(std::string_view model) {
  return std::string(R"(
providers:
  - name: p
    kind: openai_compatible
    base_url: http://127.0.0.1:9/v1
  - name: q
    kind: openai_compatible
    base_url: http://127.0.0.1:10/v1
models:
)") + std::string(model);
}

TEST(RoutingSectionTest, DefaultsKeepTheOrderedWalkAndNoState) {
  auto result = parse_ok(with_model(R"(
  - name: m
    deployments: [{provider: p, model: a}, {provider: q, model: a}]
)"));
  const ModelConfig& model = result.config->models.at(0);
  EXPECT_EQ(model.routing.strategy, RoutingStrategy::ordered);
  EXPECT_EQ(model.routing.retry.max_retries, 0u);
  EXPECT_FALSE(model.routing.breaker.enabled);
  EXPECT_FALSE(model.stateful_routing);
  EXPECT_FALSE(model.preflight);
  EXPECT_EQ(model.deployments[0].id, "p/a");
  EXPECT_EQ(model.deployments[1].id, "q/a");
  EXPECT_EQ(model.deployments[0].state_key, "m\np/a");
  EXPECT_EQ(model.deployments[0].weight, 1u);
}

TEST(RoutingSectionTest, ReadsEveryKey) {
  auto result = parse_ok(with_model(R"(
  - name: m
    routing:
      strategy: weighted
      timeout: 20s
      retry:
        max_retries: 2
        on: [connect, server_error]
        base_backoff: 50ms
        max_backoff: 1s
        max_retry_after: 5s
        budget_percent: 10
        budget_burst: 4
      breaker:
        consecutive_failures: 3
        error_rate_percent: 40
        min_requests: 8
        window: 5s
        cooldown: 2s
        half_open_probes: 2
    deployments:
      - {provider: p, model: a, id: backup, priority: 1, weight: 5}
      - {provider: q, model: a, id: main, weight: 3, context_window: 8192, max_output_tokens: 4096}
)"));
  const ModelConfig& model = result.config->models.at(0);
  EXPECT_EQ(model.routing.strategy, RoutingStrategy::weighted);
  EXPECT_EQ(model.routing.timeout, Millis(20'000));
  const RetryPolicy& retry = model.routing.retry;
  EXPECT_EQ(retry.max_retries, 2u);
  EXPECT_TRUE(retry.on.connect);
  EXPECT_TRUE(retry.on.server_error);
  EXPECT_FALSE(retry.on.rate_limited);
  EXPECT_FALSE(retry.on.timeout);
  EXPECT_EQ(retry.base_backoff, Millis(50));
  EXPECT_EQ(retry.max_backoff, Millis(1000));
  EXPECT_EQ(retry.max_retry_after, Millis(5000));
  EXPECT_EQ(retry.budget_percent, 10u);
  EXPECT_EQ(retry.budget_burst, 4u);
  const BreakerPolicy& breaker = model.routing.breaker;
  EXPECT_TRUE(breaker.enabled);  // Writing the block turns it on.
  EXPECT_EQ(breaker.consecutive_failures, 3u);
  EXPECT_EQ(breaker.error_rate_percent, 40u);
  EXPECT_EQ(breaker.min_requests, 8u);
  EXPECT_EQ(breaker.window, Millis(5000));
  EXPECT_EQ(breaker.cooldown, Millis(2000));
  EXPECT_EQ(breaker.half_open_probes, 2u);
  EXPECT_TRUE(model.stateful_routing);
  EXPECT_TRUE(model.preflight);
  // Sorted by priority tier, stable within one.
  ASSERT_EQ(model.deployments.size(), 2u);
  EXPECT_EQ(model.deployments[0].id, "main");
  EXPECT_EQ(model.deployments[0].context_window, 8192);
  EXPECT_EQ(model.deployments[0].max_output_tokens, 4096);
  EXPECT_EQ(model.deployments[1].id, "backup");
  EXPECT_EQ(model.deployments[1].priority, 1u);
  EXPECT_EQ(model.deployments[1].weight, 5u);
}

TEST(RoutingSectionTest, DuplicateDefaultIdsAreAnError) {
  auto issues = parse_errors(with_model(R"(
  - name: m
    deployments: [{provider: p, model: a}, {provider: p, model: a}]
)"));
  const ConfigIssue* issue = find_issue(issues, "models[0].deployments[1].id");
  ASSERT_NE(issue, nullptr) << dump(issues);
  EXPECT_NE(issue->message.find("p/a"), std::string::npos);
}

TEST(RoutingSectionTest, BadValuesNameTheirKeys) {
  auto issues = parse_errors(with_model(R"(
  - name: m
    routing:
      strategy: fastest
      retry: {max_retries: 99, on: [sometimes], base_backoff: 2s, max_backoff: 1s}
      breaker: {error_rate_percent: 0, half_open_probes: 0, colldown: 1s}
    deployments:
      - {provider: p, model: a, id: "has space", context_window: 100, max_output_tokens: 200}
)"));
  for (const char* path :
       {"models[0].routing.strategy", "models[0].routing.retry.max_retries",
        "models[0].routing.retry.on[0]", "models[0].routing.retry.max_backoff",
        "models[0].routing.breaker.error_rate_percent", "models[0].routing.breaker.colldown",
        "models[0].deployments[0].id", "models[0].deployments[0].max_output_tokens"}) {
    EXPECT_NE(find_issue(issues, path), nullptr) << path << "\n" << dump(issues);
  }
}

TEST(RoutingSectionTest, WeightedNeedsSomeWeight) {
  auto issues = parse_errors(with_model(R"(
  - name: m
    routing: {strategy: weighted}
    deployments: [{provider: p, model: a, weight: 0}]
)"));
  EXPECT_NE(find_issue(issues, "models[0].deployments"), nullptr) << dump(issues);
}

TEST(RoutingSectionTest, RandomSeedIsAServerKey) {
  auto result = parse_ok(with_model(R"(
  - name: m
    deployments: [{provider: p, model: a}]
server:
  random_seed: 42
)"));
  EXPECT_EQ(result.config->server.random_seed, 42u);
}

TEST(RoutingSectionTest, CheckConfigOutputLoadsBackToTheSameRouting) {
  auto original = parse_ok(with_model(R"(
  - name: m
    routing:
      strategy: least_in_flight
      timeout: 1500ms
      retry: {max_retries: 3, on: [timeout, rate_limited], max_retry_after: 0ms}
      breaker: {cooldown: 2m, half_open_probes: 3}
    deployments:
      - {provider: p, model: a, id: one, weight: 0, priority: 2, context_window: 100}
      - {provider: q, model: a, max_output_tokens: 50}
)"));
  auto again = parse_ok(to_redacted_yaml(*original.config));
  const ModelConfig& a = original.config->models.at(0);
  const ModelConfig& b = again.config->models.at(0);
  EXPECT_EQ(b.routing.strategy, a.routing.strategy);
  EXPECT_EQ(b.routing.timeout, a.routing.timeout);
  EXPECT_EQ(b.routing.retry.max_retries, 3u);
  EXPECT_FALSE(b.routing.retry.on.connect);
  EXPECT_TRUE(b.routing.retry.on.timeout);
  EXPECT_EQ(b.routing.retry.max_retry_after, Millis(0));
  EXPECT_TRUE(b.routing.breaker.enabled);
  EXPECT_EQ(b.routing.breaker.cooldown, Millis(120'000));
  EXPECT_EQ(b.routing.breaker.half_open_probes, 3u);
  ASSERT_EQ(b.deployments.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(b.deployments[i].id, a.deployments[i].id);
    EXPECT_EQ(b.deployments[i].weight, a.deployments[i].weight);
    EXPECT_EQ(b.deployments[i].priority, a.deployments[i].priority);
    EXPECT_EQ(b.deployments[i].context_window, a.deployments[i].context_window);
    EXPECT_EQ(b.deployments[i].max_output_tokens, a.deployments[i].max_output_tokens);
  }
}

// Every ```yaml block of docs/routing.md is a whole config that must load.
TEST(RoutingSectionTest, EveryExampleInTheRoutingDocLoads) {
  const auto doc = std::filesystem::path(LLMGW_TEST_DATA_DIR).parent_path().parent_path() / "docs" /
                   "routing.md";
  const std::string text = testing::read_text(doc.string());
  static const std::regex kBlock(R"(```yaml\n([\s\S]*?)```)");
  int blocks = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), kBlock), end; it != end; ++it) {
    ++blocks;
    const std::string yaml = (*it)[1].str();
    try {
      parse_config(yaml, "docs/routing.md", testing::FakeEnv{}.lookup());
    } catch (const ConfigError& error) {
      ADD_FAILURE() << "docs/routing.md block " << blocks << ":\n"
                    << yaml << "\n"
                    << dump(error.issues());
    }
  }
  EXPECT_GE(blocks, 3);
}

}  // namespace
}  // namespace llmgw::config
