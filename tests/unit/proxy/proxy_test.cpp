#include "proxy/proxy.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>

#include "app/builtin_components.hpp"
#include "llmgw/pipeline/chain.hpp"
#include "support/config_builders.hpp"
#include "support/proxy_doubles.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::proxy {
namespace {

using testing::NullMetrics;
using testing::RecordingWriter;
using testing::Script;
using testing::ScriptedClient;

// Two enabled providers behind one model, tried in order.
struct Fixture {
  Fixture(bool stream) {
    auto cfg = std::make_shared<config::Config>();
    cfg->providers.push_back(testing::provider("first"));
    cfg->providers.push_back(testing::provider("second"));
    cfg->models.push_back(testing::model("m", {0, 1}, *cfg));
    ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
    ctx.endpoint = Endpoint::chat_completions;
    ctx.dialect = &builtin.dialects.for_endpoint(ctx.endpoint);
    ctx.request_id = "rid";
    std::string raw = std::string(R"({"model":"m","messages":[{"role":"user","content":"hi"}])") +
                      (stream ? R"(,"stream":true})" : "}");
    ctx.body = parse_request_body(Endpoint::chat_completions, raw).value();
    ctx.model = &ctx.config().models[0];
    for (const auto& deployment : ctx.config().models[0].deployments) {
      ctx.route.push_back(&deployment);
    }
  }
  Outcome run(const pipeline::Chain* events = nullptr) {
    Proxy proxy({client, metrics, builtin.providers});
    return testing::sync_wait(proxy.forward(ctx, writer, events));
  }

  app::BuiltinComponents builtin;
  RequestContext ctx;
  ScriptedClient client;
  RecordingWriter writer;
  NullMetrics metrics;
};

constexpr std::string_view kCompletion =
    R"({"id":"c","object":"chat.completion","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";

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

constexpr std::string_view kStreamBody =
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
    "{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n"
    "data: [DONE]\n\n";

TEST(ProxyTest, FastPathForwardsTheClientsBytesWithOnlyTheModelSpliced) {
  Fixture f(false);
  f.client.scripts.push_back({{}, 200, {std::string(kCompletion)}, {}});
  f.run();
  ASSERT_EQ(f.client.bodies_sent.size(), 1u);
  EXPECT_EQ(f.client.bodies_sent[0],
            R"({"model":"up-m","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(f.writer.body, kCompletion);  // untouched bytes
}

TEST(ProxyTest, AModifiedBodyIsReEncodedFromTheCanonicalForm) {
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
class Blocker final : public pipeline::Middleware {
 public:
  mutable std::vector<std::string> texts;
  std::string_view name() const noexcept override { return "blocker"; }
  pipeline::Needs needs() const noexcept override { return pipeline::Needs::events; }
  boost::asio::awaitable<pipeline::Decision> on_request(RequestContext&) const override {
    co_return pipeline::Decision::next();
  }
  pipeline::Verdict on_event(RequestContext&, canonical::StreamEvent& event) const override {
    if (event.kind == canonical::StreamEvent::Kind::text_delta) {
      texts.emplace_back(event.text);
      if (event.text == "secret") return pipeline::Verdict::block(Error::invalid_request("no"));
    }
    return pipeline::Verdict::pass();
  }
};

pipeline::Chain blocker_chain(const Blocker*& stage) {
  auto blocker = std::make_unique<Blocker>();
  stage = blocker.get();
  std::vector<std::unique_ptr<pipeline::Middleware>> stages;
  stages.push_back(std::move(blocker));
  return pipeline::Chain(std::move(stages));
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

TEST(ProxyTest, CanonicalPathRendersTheStreamThroughTheDialectAndTheTap) {
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

TEST(ProxyTest, ABlockingObserverOnTheCanonicalPathEndsTheStreamInTheDialect) {
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

TEST(ProxyTest, ABlockBeforeAnyByteIsAnErrorStatusAndNotRetried) {
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
