// The limits stage over a real MemoryCounterStore with a manual clock: what it reserves,
// how it denies (status, type, code, Retry-After, message) and what it settles.
#include "pipeline/middleware/limits/limits.hpp"

#include <gtest/gtest.h>

#include "store/memory/memory_counter_store.hpp"
#include "support/config_builders.hpp"
#include "support/formatted_headers.hpp"
#include "support/proxy_doubles.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

constexpr std::int64_t kUsd = governance::kPicoUsdPerUsd;

std::optional<std::string> header(const FormattedHeaders& headers, std::string_view name) {
  return testing::formatted_header(headers.lines(), name);
}

// Team "t" ($1 per day), key "k" in it (RPM 2), model "a" on provider p0 priced at
// $1 / $2 per million input / output tokens.
std::shared_ptr<const config::Snapshot> governed_snapshot(std::int64_t key_rpm = 2,
                                                          std::int64_t key_tpm = 0) {
  auto cfg = std::make_shared<config::Config>();
  cfg->providers.push_back(testing::provider("p0"));
  cfg->models.push_back(testing::model("a", {0}, *cfg));
  config::TeamConfig team;
  team.id = "t";
  team.budget = {1 * kUsd, governance::BudgetPeriod::day};
  cfg->teams.push_back(team);
  cfg->keys.push_back(testing::key("k", "sk-k"));
  cfg->keys.back().team = "t";
  cfg->keys.back().limits.rpm = key_rpm;
  cfg->keys.back().limits.tpm = key_tpm;
  config::PriceEntry price;
  price.scope_type = config::PriceEntry::Scope::provider;
  price.scope = "p0";
  price.model = "up-a";
  price.price.input.pico_usd_per_token = 1'000'000;
  price.price.output.pico_usd_per_token = 2'000'000;
  cfg->pricing.entries.push_back(price);
  return std::make_shared<const config::Snapshot>(cfg);
}

class LimitsTest : public ::testing::Test {
 protected:
  // 2026-06-01T00:00:10Z
  ManualWallClock clock{1'780'272'010'000};
  store::MemoryCounterStore store{clock};
  testing::NullMetrics metrics;
  observability::AppLog log{config::LoggingConfig{"off", config::LogFormat::text}};
  LimitsMiddleware stage{store, metrics, log};

  std::unique_ptr<RequestContext> request(const std::shared_ptr<const config::Snapshot>& snapshot,
                                          std::string body = R"({"model":"a","messages":[]})") {
    auto ctx = std::make_unique<RequestContext>();
    ctx->snapshot = snapshot;
    ctx->endpoint = Endpoint::chat_completions;
    ctx->principal = &snapshot->config().keys[0];
    ctx->team = snapshot->find_team("t");
    ctx->model = &snapshot->config().models[0];
    ctx->route = {&ctx->model->deployments[0]};
    ctx->body.raw = std::move(body);
    return ctx;
  }

  Decision reserve(RequestContext& ctx) { return testing::sync_wait(stage.on_request(ctx)); }

  // One answered attempt that used `prompt` + `completion` tokens at the deployment's price.
  void complete(RequestContext& ctx, std::int64_t prompt, std::int64_t completion) {
    AttemptRecord& attempt = ctx.attempts.emplace_back();
    attempt.deployment = ctx.route[0];
    attempt.status = 200;
    Usage usage;
    usage.prompt_tokens = prompt;
    usage.completion_tokens = completion;
    usage.total_tokens = prompt + completion;
    attempt.usage = usage;
    attempt.cost = governance::compute_cost(usage, ctx.snapshot->price_of(*ctx.route[0]));
    const Outcome outcome{200, {}};
    testing::sync_wait([&]() -> boost::asio::awaitable<bool> {
      co_await stage.on_complete(ctx, outcome);
      co_return true;
    }());
  }
};

TEST_F(LimitsTest, AdmitsUpToTheKeysRpmThenDeniesWithOpenAIsShape) {
  auto snapshot = governed_snapshot();
  for (int i = 0; i < 2; ++i) {
    auto ctx = request(snapshot);
    ASSERT_TRUE(reserve(*ctx).proceeds());
    EXPECT_NE(ctx->limits_state, nullptr);
    EXPECT_EQ(header(ctx->formatted_headers, "x-ratelimit-limit-requests"), "2");
    EXPECT_EQ(header(ctx->formatted_headers, "x-ratelimit-remaining-requests"),
              std::to_string(1 - i));
    EXPECT_TRUE(ctx->response_headers.empty());
    complete(*ctx, 10, 10);
  }
  auto denied = request(snapshot);
  Decision decision = reserve(*denied);
  ASSERT_FALSE(decision.proceeds());
  const Error& error = *decision.reply->error;
  EXPECT_EQ(error.http_status, 429);
  EXPECT_EQ(error.type, "requests");
  EXPECT_EQ(error.code, "rate_limit_exceeded");
  // Admitted requests leave the rolling minute 60 to 61 s later (1 s buckets).
  EXPECT_TRUE(error.retry_after == "60" || error.retry_after == "61") << error.retry_after;
  EXPECT_EQ(error.message.rfind("Rate limit reached for requests on key 'k': limit 2", 0), 0u)
      << error.message;
  EXPECT_EQ(header(denied->formatted_headers, "x-ratelimit-remaining-requests"), "0");
  EXPECT_EQ(denied->limits_state, nullptr);

  clock.advance(61'000);  // The window has moved past both requests.
  auto later = request(snapshot);
  EXPECT_TRUE(reserve(*later).proceeds());
}

TEST_F(LimitsTest, BudgetSettlesActualCostAndThenRefusesWithInsufficientQuota) {
  auto snapshot = governed_snapshot(/*key_rpm=*/1000);
  // 400k prompt + 300k completion tokens = $0.40 + $0.60: the whole $1 budget.
  auto first = request(snapshot);
  ASSERT_TRUE(reserve(*first).proceeds());
  complete(*first, 400'000, 300'000);

  auto second = request(snapshot);
  Decision decision = reserve(*second);
  ASSERT_FALSE(decision.proceeds());
  const Error& error = *decision.reply->error;
  EXPECT_EQ(error.http_status, 429);
  EXPECT_EQ(error.code, "insufficient_quota");
  EXPECT_EQ(error.type, "insufficient_quota");
  EXPECT_NE(error.message.find("Budget exhausted for team 't': 1 USD per day."), std::string::npos)
      << error.message;
  // The day ends at 00:00 UTC: Retry-After counts down to it (10 s after midnight now).
  EXPECT_EQ(error.retry_after, std::to_string(86'400 - 10));
}

TEST_F(LimitsTest, TooLargeForTheTpmLimitSaysSoWithoutRetryAfter) {
  auto snapshot = governed_snapshot(/*key_rpm=*/0, /*key_tpm=*/100);
  auto ctx = request(snapshot, R"({"model":"a","messages":[],"max_tokens":5000})");
  Decision decision = reserve(*ctx);
  ASSERT_FALSE(decision.proceeds());
  const Error& error = *decision.reply->error;
  EXPECT_EQ(error.type, "tokens");
  EXPECT_TRUE(error.retry_after.empty());
  EXPECT_NE(error.message.find("Request too large for key 'k'"), std::string::npos)
      << error.message;
}

TEST_F(LimitsTest, NoLimitsReservesNothing) {
  auto cfg = std::make_shared<config::Config>();
  cfg->providers.push_back(testing::provider("p0"));
  cfg->models.push_back(testing::model("a", {0}, *cfg));
  cfg->keys.push_back(testing::key("k", "sk-k"));
  auto snapshot = std::make_shared<const config::Snapshot>(cfg);
  RequestContext ctx;
  ctx.snapshot = snapshot;
  ctx.principal = &snapshot->config().keys[0];
  ctx.model = &snapshot->config().models[0];
  ASSERT_TRUE(reserve(ctx).proceeds());
  EXPECT_EQ(ctx.limits_state, nullptr);
  EXPECT_TRUE(ctx.response_headers.empty());
  EXPECT_TRUE(ctx.formatted_headers.empty());
  EXPECT_EQ(store.scope_count(), 0u);
}

TEST(ConsumedTest, SumsAttemptsAndKeepsTheEstimateWhenUsageIsUnknown) {
  RequestContext ctx;
  AttemptRecord& failed = ctx.attempts.emplace_back();
  failed.error = ErrorKind::upstream_connect;
  failed.cost = governance::Cost{};
  AttemptRecord& answered = ctx.attempts.emplace_back();
  answered.usage = Usage{10, 5, 15, 0, 0, 0};
  answered.cost = governance::Cost{42, false, false};
  Consumed consumed = consumed_by(ctx);
  EXPECT_EQ(consumed.tokens, 15);
  EXPECT_EQ(consumed.cost_pico, 42);

  AttemptRecord& cut_short = ctx.attempts.emplace_back();  // Answered, no usage, unpriced.
  cut_short.status = 200;
  consumed = consumed_by(ctx);
  EXPECT_EQ(consumed.tokens, -1);
  EXPECT_EQ(consumed.cost_pico, -1);
}

}  // namespace
}  // namespace llmgw::pipeline
