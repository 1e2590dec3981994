// relay_stream and deliver_whole against scripted upstream bodies: what the client gets when
// the upstream is well-behaved, cut short, or fails before or after the first byte.

#include "proxy/attempt.hpp"

#include <gtest/gtest.h>

#include "app/builtin_components.hpp"
#include "support/proxy_doubles.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::proxy {
namespace {

struct RelayFixture {
  RelayFixture() {
    ctx.endpoint = Endpoint::chat_completions;
    ctx.dialect = &builtin.dialects.for_endpoint(ctx.endpoint);
    ctx.request_id = "rid";
    ctx.response_headers.emplace_back("x-stage", "1");
  }
  AttemptResult relay(testing::Script script) {
    testing::ScriptedExchange exchange(std::move(script));
    auto decoder = builtin.openai_adapter.make_stream_decoder(providers::EncodedRequest{});
    return testing::sync_wait(relay_stream(ctx, writer, *decoder, exchange));
  }
  app::BuiltinComponents builtin;
  RequestContext ctx;
  testing::RecordingWriter writer;
};

const std::string kEvent = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n";
const std::string kUsage =
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1,"
    "\"total_tokens\":3}}\n\n";

TEST(RelayTest, RelaysEventsInOrderAndReadsUsage) {
  RelayFixture f;
  AttemptResult result = f.relay({{}, 200, {kEvent, kUsage, "data: [DONE]\n\n"}, {}});
  ASSERT_TRUE(result.outcome);
  EXPECT_EQ(result.outcome->status, 200);
  EXPECT_FALSE(result.outcome->error);
  EXPECT_TRUE(f.writer.streamed);
  EXPECT_TRUE(f.writer.ended);
  EXPECT_EQ(f.writer.body, kEvent + kUsage + "data: [DONE]\n\n");
  ASSERT_TRUE(f.ctx.usage);
  EXPECT_EQ(f.ctx.usage->total_tokens, 3);
  EXPECT_TRUE(f.ctx.timings.first_token);
}

TEST(RelayTest, EventsSplitAcrossReadsAreRelayedWhole) {
  RelayFixture f;
  AttemptResult result =
      f.relay({{}, 200, {kEvent.substr(0, 9), kEvent.substr(9), "data: [DONE]\n\n"}, {}});
  ASSERT_TRUE(result.outcome);
  EXPECT_EQ(f.writer.body, kEvent + "data: [DONE]\n\n");
}

TEST(RelayTest, AFailureBeforeAnyByteIsLeftToTheAttemptLoop) {
  RelayFixture f;
  AttemptResult result = f.relay({{}, 200, {}, Error::upstream_connect("reset")});
  EXPECT_FALSE(result.outcome);
  ASSERT_TRUE(result.failure);
  EXPECT_EQ(result.failure->kind, ErrorKind::upstream_connect);
  EXPECT_FALSE(f.writer.started());
}

TEST(RelayTest, AFailureAfterTheFirstByteIsAnInStreamErrorAndTheStreamEndsCleanly) {
  RelayFixture f;
  AttemptResult result = f.relay({{}, 200, {kEvent}, Error::upstream_connect("reset")});
  ASSERT_TRUE(result.outcome);
  ASSERT_TRUE(result.outcome->error);
  EXPECT_TRUE(f.writer.ended);
  EXPECT_NE(f.writer.body.find("data: {\"error\":"), std::string::npos);
}

TEST(RelayTest, AnEmptyStreamStillGetsAHeadAndAnEnd) {
  RelayFixture f;
  AttemptResult result = f.relay({{}, 200, {"data: [DONE]\n\n"}, {}});
  ASSERT_TRUE(result.outcome);
  EXPECT_TRUE(f.writer.streamed);
  EXPECT_TRUE(f.writer.ended);
}

TEST(RelayTest, WholeAnswersCarryTheStagesHeaders) {
  RelayFixture f;
  AttemptResult result = testing::sync_wait(deliver_whole(f.ctx, f.writer, 200, "{}"));
  ASSERT_TRUE(result.outcome);
  EXPECT_EQ(f.writer.body, "{}");
  EXPECT_EQ(find_header(f.writer.headers, "x-request-id"), "rid");
  EXPECT_EQ(find_header(f.writer.headers, "x-stage"), "1");
}

}  // namespace
}  // namespace llmgw::proxy
