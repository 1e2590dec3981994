// The canonical path of an attempt: a modified body is re-encoded, answers are rendered by
// the client's dialect, and event observers sit between the provider's decoder and the
// dialect's encoder.

#include "proxy/attempt.hpp"

#include "proxy/proxy_fixture.hpp"

namespace llmgw::proxy {
namespace {

using namespace testing_support;

TEST(TranslatedAttemptTest, AModifiedBodyIsReEncodedFromTheCanonicalForm) {
  Fixture f(false);
  auto request = f.ctx.chat_request();
  ASSERT_TRUE(request.ok());
  request.value()->messages[0].content[0].text = "rewritten";
  f.ctx.mark_body_modified();
  f.client.scripts.push_back({{}, 200, {std::string(kCompletion)}, {}});
  Outcome outcome = f.run();
  EXPECT_EQ(outcome.status, 200);
  ASSERT_EQ(f.client.bodies_sent.size(), 1u);
  auto sent = nlohmann::json::parse(f.client.bodies_sent[0]);
  EXPECT_EQ(sent["model"], "up-m");
  EXPECT_EQ(sent["messages"][0]["content"], "rewritten");
  // The answer is rendered from the canonical response, not relayed byte for byte.
  auto answer = nlohmann::json::parse(f.writer.body);
  EXPECT_EQ(answer["model"], "m");
  EXPECT_EQ(answer["usage"]["total_tokens"], 5);
}

// A stage that observes events and blocks on a word.
TEST(TranslatedAttemptTest, CanonicalPathRendersTheStreamThroughTheDialectAndTheTap) {
  Fixture f(true);
  f.ctx.canonical_path = true;
  const Blocker* blocker = nullptr;
  pipeline::Chain chain = blocker_chain(blocker);
  f.client.scripts.push_back({{}, 200, {std::string(kStreamBody)}, {}});
  Outcome outcome = f.run(&chain);
  EXPECT_EQ(outcome.status, 200);
  EXPECT_FALSE(outcome.error);
  EXPECT_EQ(blocker->texts, (std::vector<std::string>{"hi"}));
  // Re-rendered by the OpenAI chunk encoder: the public model name, the gateway's framing.
  EXPECT_NE(f.writer.body.find(R"("model":"m")"), std::string::npos);
  EXPECT_NE(f.writer.body.find("data: [DONE]"), std::string::npos);
  ASSERT_TRUE(f.ctx.usage);
  EXPECT_EQ(f.ctx.usage->total_tokens, 4);
}

TEST(TranslatedAttemptTest, ABlockingObserverOnTheCanonicalPathEndsTheStreamInTheDialect) {
  Fixture f(true);
  f.ctx.canonical_path = true;
  const Blocker* blocker = nullptr;
  pipeline::Chain chain = blocker_chain(blocker);
  const std::string first =
      "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"fine\"}}]}\n\n";
  const std::string second =
      "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"secret\"}}]}\n\n";
  f.client.scripts.push_back({{}, 200, {first, second, "data: [DONE]\n\n"}, {}});
  Outcome outcome = f.run(&chain);
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->message, "no");
  EXPECT_NE(f.writer.body.find("fine"), std::string::npos);
  EXPECT_EQ(f.writer.body.find("secret"), std::string::npos);
  EXPECT_NE(f.writer.body.find("data: {\"error\":"), std::string::npos);
  EXPECT_EQ(f.writer.body.find("[DONE]"), std::string::npos);
}

TEST(TranslatedAttemptTest, ABlockBeforeAnyByteIsAnErrorStatusAndNotRetried) {
  Fixture f(true);
  f.ctx.canonical_path = true;
  const Blocker* blocker = nullptr;
  pipeline::Chain chain = blocker_chain(blocker);
  std::string body = std::string(kStreamBody);
  body.replace(body.find("\"hi\""), 4, "\"secret\"");
  f.client.scripts.push_back({{}, 200, {body}, {}});
  Outcome outcome = f.run(&chain);
  EXPECT_EQ(outcome.status, 400);
  EXPECT_EQ(f.writer.status, 400);
  EXPECT_FALSE(f.writer.streamed);
  EXPECT_EQ(f.writer.body.find("secret"), std::string::npos);
  EXPECT_EQ(f.client.providers_called.size(), 1u);
}

}  // namespace
}  // namespace llmgw::proxy
