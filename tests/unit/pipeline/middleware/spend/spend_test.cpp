// The spend stage: one record per inference request that reached a provider, attempts
// summed, cost unknown when any attempt's is.
#include "pipeline/middleware/spend/spend.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"
#include "support/proxy_doubles.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

void complete(const SpendMiddleware& stage, RequestContext& ctx, int status) {
  const Outcome outcome{status, {}};
  testing::sync_wait([&]() -> boost::asio::awaitable<bool> {
    co_await stage.on_complete(ctx, outcome);
    co_return true;
  }());
}

TEST(SpendTest, OneRecordWithEveryAttemptSummed) {
  auto snapshot = testing::sample_snapshot();
  const ManualWallClock clock(1'780'272'000'000);
  testing::RecordingSpendSink sink;
  const SpendMiddleware stage(sink, clock);

  RequestContext ctx;
  ctx.snapshot = snapshot;
  ctx.request_id = "req-1";
  ctx.path = "/v1/chat/completions";
  ctx.principal = &snapshot->config().keys[0];
  ctx.model = &snapshot->config().models[2];
  ctx.deployment = &ctx.model->deployments[1];
  ctx.timings.start = Clock::now();
  AttemptRecord& first = ctx.attempts.emplace_back();
  first.usage = Usage{100, 0, 100, 0, 0, 0};  // A stream cut short, then a fallback.
  first.cost = governance::Cost{1'000, false, false};
  AttemptRecord& second = ctx.attempts.emplace_back();
  second.usage = Usage{100, 40, 140, 30, 5, 10};
  second.cost = governance::Cost{2'500, false, false};
  complete(stage, ctx, 200);

  ASSERT_EQ(sink.records.size(), 1u);
  const store::SpendRecord& record = sink.records[0];
  EXPECT_EQ(record.request_id, "req-1");
  EXPECT_EQ(record.key_id, "all");
  EXPECT_EQ(record.team_id, "");
  EXPECT_EQ(record.model, "c");
  EXPECT_EQ(record.deployment, "p0/up-c");
  EXPECT_EQ(record.provider, "p0");
  EXPECT_EQ(record.endpoint, "/v1/chat/completions");
  EXPECT_EQ(record.input_tokens, 200);
  EXPECT_EQ(record.output_tokens, 40);
  EXPECT_EQ(record.cached_tokens, 30);
  EXPECT_EQ(record.cache_write_tokens, 5);
  EXPECT_EQ(record.reasoning_tokens, 10);
  EXPECT_EQ(record.cost_pico, 3'500);
  EXPECT_EQ(record.status, 200);
  EXPECT_LE(record.started_at_ms, 1'780'272'000'000);

  second.cost.reset();  // An unpriced deployment: the whole request's cost is unknown.
  complete(stage, ctx, 200);
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_FALSE(sink.records[1].cost_pico.has_value());
}

TEST(SpendTest, NoRecordForRequestsThatNeverReachedAProvider) {
  const ManualWallClock clock(0);
  testing::RecordingSpendSink sink;
  const SpendMiddleware stage(sink, clock);
  RequestContext ctx;
  ctx.snapshot = testing::sample_snapshot();
  complete(stage, ctx, 429);
  EXPECT_TRUE(sink.records.empty());
}

}  // namespace
}  // namespace llmgw::pipeline
