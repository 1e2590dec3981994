#include "proxy/proxy.hpp"

#include "proxy/proxy_fixture.hpp"

namespace llmgw::proxy {
namespace {

using namespace testing_support;

TEST(ProxyTest, RetryableFailureBeforeFirstByteMovesToTheNextDeployment) {
  Fixture f(false);
  f.client.scripts.push_back({Error::upstream_connect("refused"), 0, {}, {}});
  f.client.scripts.push_back({{}, 200, {std::string(kCompletion)}, {}});
  Outcome outcome = f.run();
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(f.client.providers_called, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(f.writer.body, kCompletion);
  ASSERT_TRUE(f.ctx.usage);
  EXPECT_EQ(f.ctx.usage->total_tokens, 5);
  EXPECT_EQ(f.ctx.deployment->provider, "second");
  EXPECT_EQ(f.metrics.upstream_errors, 1);
}

TEST(ProxyTest, ClientErrorsFromUpstreamAreNotRetried) {
  Fixture f(false);
  f.client.scripts.push_back(
      {{}, 400, {R"({"error":{"message":"bad temperature","type":"invalid_request_error"}})"}, {}});
  Outcome outcome = f.run();
  EXPECT_EQ(outcome.status, 400);
  EXPECT_EQ(f.client.providers_called.size(), 1u);
  EXPECT_NE(f.writer.body.find("bad temperature"), std::string::npos);
}

TEST(ProxyTest, LastFailureIsReportedWhenEveryDeploymentFails) {
  Fixture f(false);
  f.client.scripts.push_back({Error::upstream_connect("refused"), 0, {}, {}});
  f.client.scripts.push_back({Error::upstream_timeout("slow"), 0, {}, {}});
  Outcome outcome = f.run();
  EXPECT_EQ(outcome.status, 504);
  EXPECT_EQ(f.writer.status, 504);
  EXPECT_NE(f.writer.body.find("upstream_timeout"), std::string::npos);
}

TEST(ProxyTest, StreamFailureBeforeTheFirstEventIsRetried) {
  Fixture f(true);
  f.client.scripts.push_back({{}, 200, {}, Error::upstream_connect("reset")});
  f.client.scripts.push_back(
      {{},
       200,
       {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n",
        "data: [DONE]\n\n"},
       {}});
  Outcome outcome = f.run();
  EXPECT_EQ(outcome.status, 200);
  EXPECT_TRUE(f.writer.streamed);
  EXPECT_TRUE(f.writer.ended);
  EXPECT_NE(f.writer.body.find("[DONE]"), std::string::npos);
  EXPECT_EQ(f.client.providers_called.size(), 2u);
}

TEST(ProxyTest, StreamFailureAfterTheFirstEventBecomesAnErrorEventWithoutDone) {
  Fixture f(true);
  f.client.scripts.push_back(
      {{},
       200,
       {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"},
       Error::upstream_connect("connection reset while reading the response")});
  Outcome outcome = f.run();
  EXPECT_EQ(outcome.status, 200);
  ASSERT_TRUE(outcome.error);
  EXPECT_TRUE(f.writer.ended);
  EXPECT_EQ(f.client.providers_called.size(), 1u);
  EXPECT_NE(f.writer.body.find("\"content\":\"hi\""), std::string::npos);
  EXPECT_NE(f.writer.body.find("data: {\"error\":"), std::string::npos);
  EXPECT_EQ(f.writer.body.find("[DONE]"), std::string::npos);
}

TEST(ProxyTest, StreamCutWithoutDoneIsAnError) {
  Fixture f(true);
  f.client.scripts.push_back(
      {{}, 200, {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"}, {}});
  Outcome outcome = f.run();
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->kind, ErrorKind::upstream_protocol);
  EXPECT_NE(f.writer.body.find("data: {\"error\":"), std::string::npos);
}

TEST(ProxyTest, EveryAttemptIsRecordedWithItsOutcome) {
  Fixture f(false);
  f.client.scripts.push_back({Error::upstream_connect("refused"), 0, {}, {}});
  f.client.scripts.push_back({{}, 200, {std::string(kCompletion)}, {}});
  f.run();
  ASSERT_EQ(f.ctx.attempts.size(), 2u);
  EXPECT_EQ(f.ctx.attempts[0].deployment->provider, "first");
  EXPECT_EQ(f.ctx.attempts[0].error, ErrorKind::upstream_connect);
  EXPECT_FALSE(f.ctx.attempts[0].usage);
  EXPECT_EQ(f.ctx.attempts[1].deployment->provider, "second");
  EXPECT_EQ(f.ctx.attempts[1].status, 200);
  ASSERT_TRUE(f.ctx.attempts[1].usage);
  EXPECT_EQ(f.ctx.attempts[1].usage->total_tokens, 5);
  EXPECT_LE(f.ctx.attempts[0].start, f.ctx.attempts[0].end);
}

TEST(ProxyTest, FastPathForwardsTheClientsBytesWithOnlyTheModelSpliced) {
  Fixture f(false);
  f.client.scripts.push_back({{}, 200, {std::string(kCompletion)}, {}});
  f.run();
  ASSERT_EQ(f.client.bodies_sent.size(), 1u);
  EXPECT_EQ(f.client.bodies_sent[0],
            R"({"model":"up-m","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(f.writer.body, kCompletion);  // untouched bytes
}

TEST(ProxyTest, EventObserversOnTheFastPathSeeDecodedEventsAndTheClientGetsTheBytes) {
  Fixture f(true);
  const Blocker* blocker = nullptr;
  pipeline::Chain chain = blocker_chain(blocker);
  f.client.scripts.push_back({{}, 200, {std::string(kStreamBody)}, {}});
  Outcome outcome = f.run(&chain);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(blocker->texts, (std::vector<std::string>{"hi"}));
  // Fast path: the provider's chunk bytes reach the client as they were.
  EXPECT_NE(f.writer.body.find(R"("delta":{"role":"assistant","content":"hi"})"),
            std::string::npos);
}

TEST(ProxyTest, ABlockingObserverEndsTheFastPathStreamWithAnErrorEvent) {
  Fixture f(true);
  const Blocker* blocker = nullptr;
  pipeline::Chain chain = blocker_chain(blocker);
  std::string first =
      "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"content\":\"fine\"}}]}\n\n";
  std::string second =
      "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"content\":\"secret\"}}]}\n\n";
  f.client.scripts.push_back({{}, 200, {first, second, "data: [DONE]\n\n"}, {}});
  Outcome outcome = f.run(&chain);
  ASSERT_TRUE(outcome.error);
  EXPECT_NE(f.writer.body.find("fine"), std::string::npos);
  EXPECT_EQ(f.writer.body.find("secret"), std::string::npos);
  EXPECT_NE(f.writer.body.find("data: {\"error\":"), std::string::npos);
  EXPECT_EQ(f.writer.body.find("[DONE]"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::proxy
