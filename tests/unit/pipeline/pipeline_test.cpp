// The pipeline contract end to end, over real loopback sockets: the real server, proxy and
// fake OpenAI-wire upstream, with test stages that use each power of the stage contract.

#include "llmgw/pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/default_chain.hpp"
#include "pipeline/middleware/auth/auth.hpp"
#include "pipeline/middleware/parse_body/parse_body.hpp"
#include "pipeline/middleware/request_id/request_id.hpp"
#include "pipeline/middleware/router/router.hpp"
#include "support/gateway_harness.hpp"
#include "support/test_chain.hpp"

namespace llmgw::pipeline {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kChat = R"({"model":"m","messages":[{"role":"user","content":"hi"}]})";
constexpr std::string_view kChatStream =
    R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
constexpr std::string_view kMessagesStream =
    R"({"model":"m","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]})";

// The default stages with `extra` inserted after auth (so it only sees authenticated calls).
Chain chain_with(std::unique_ptr<Middleware> extra) {
  std::vector<std::unique_ptr<Middleware>> stages;
  stages.push_back(std::make_unique<RequestIdMiddleware>());
  stages.push_back(std::make_unique<AuthMiddleware>(testing::test_chain_services().clock));
  stages.push_back(std::move(extra));
  stages.push_back(std::make_unique<ParseBodyMiddleware>());
  stages.push_back(std::make_unique<RouterMiddleware>(testing::test_chain_services().routing));
  return Chain(std::move(stages));
}

// ---- A stage that answers locally: whole bodies and replayed streams. ----

class ReplayTwoEvents final : public ReplaySource {
 public:
  boost::asio::awaitable<std::optional<std::string>> next() override {
    if (sent_ == 2) co_return std::nullopt;
    co_return "data: {\"n\":" + std::to_string(sent_++) + "}\n\n";
  }

 private:
  int sent_ = 0;
};

class AnswersLocally final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "answers_locally"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override {
    std::string_view mode = find_header(ctx.headers, "x-test-local");
    if (mode == "json") {
      co_return Decision::respond(LocalReply::json(200, R"({"local":true})", {{"x-local", "1"}}));
    }
    if (mode == "stream") {
      co_return Decision::respond(LocalReply::event_stream(std::make_unique<ReplayTwoEvents>()));
    }
    if (mode == "error") co_return Decision::fail(Error::permission("not today", "nope"));
    co_return Decision::next();
  }
};

TEST(PipelineTest, AStageAnswersLocallyAndTheUpstreamIsNeverCalled) {
  testing::FakeOpenAiUpstream upstream;
  testing::GatewayHarness gateway(upstream.port(),
                                  [] { return chain_with(std::make_unique<AnswersLocally>()); });

  auto json = gateway.chat("/v1/chat/completions", std::string(kChat), {{"x-test-local", "json"}});
  EXPECT_EQ(json.status, 200);
  EXPECT_EQ(json.body, R"({"local":true})");
  EXPECT_EQ(json.message["x-local"], "1");
  EXPECT_EQ(json.message["x-request-id"].size(), 32u);

  auto stream =
      gateway.chat("/v1/chat/completions", std::string(kChat), {{"x-test-local", "stream"}});
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(stream.content_type, "text/event-stream");
  EXPECT_EQ(stream.body, "data: {\"n\":0}\n\ndata: {\"n\":1}\n\n");

  // An error reply is rendered in the client's dialect: Anthropic shape on /v1/messages.
  auto error =
      gateway.chat("/v1/messages", std::string(kMessagesStream), {{"x-test-local", "error"}});
  EXPECT_EQ(error.status, 403);
  auto body = nlohmann::json::parse(error.body);
  EXPECT_EQ(body["type"], "error");
  EXPECT_EQ(body["error"]["message"], "not today");

  EXPECT_EQ(upstream.requests(), 0);
  auto proxied = gateway.chat("/v1/chat/completions", std::string(kChat));
  EXPECT_EQ(proxied.status, 200);
  EXPECT_EQ(upstream.requests(), 1);
}

// ---- A stage that records the client-bound bytes. ----

struct Recording {
  std::mutex mutex;
  std::vector<int> statuses;
  std::string bytes;
  int pieces = 0;
};

class RecordsBytes final : public Middleware {
 public:
  explicit RecordsBytes(Recording& recording) : recording_(recording) {}
  std::string_view name() const noexcept override { return "records_bytes"; }
  Needs needs() const noexcept override { return Needs::head | Needs::bytes; }
  boost::asio::awaitable<Decision> on_request(RequestContext&) const override {
    co_return Decision::next();
  }
  void on_head(RequestContext&, int status, const Headers&) const noexcept override {
    std::lock_guard lock(recording_.mutex);
    recording_.statuses.push_back(status);
  }
  void on_bytes(RequestContext&, std::string_view piece) const noexcept override {
    std::lock_guard lock(recording_.mutex);
    recording_.bytes.append(piece);
    ++recording_.pieces;
  }

 private:
  Recording& recording_;
};

TEST(PipelineTest, ObservedBytesAreExactlyWhatTheClientReceivedOnBothPaths) {
  testing::FakeOpenAiUpstream upstream;
  Recording fast;  // cleared after each request
  testing::GatewayHarness gateway(upstream.port(),
                                  [&] { return chain_with(std::make_unique<RecordsBytes>(fast)); });

  auto streamed = gateway.chat("/v1/chat/completions", std::string(kChatStream));
  ASSERT_EQ(streamed.status, 200);
  {
    std::lock_guard lock(fast.mutex);
    EXPECT_EQ(fast.statuses, (std::vector<int>{200}));
    EXPECT_EQ(fast.bytes, streamed.body);
    EXPECT_GE(fast.pieces, 1);
    EXPECT_NE(fast.bytes.find("data: [DONE]"), std::string::npos);
    fast.bytes.clear();
    fast.statuses.clear();
  }

  // Anthropic client, OpenAI-wire provider: the translated stream.
  auto messages = gateway.chat("/v1/messages", std::string(kMessagesStream));
  ASSERT_EQ(messages.status, 200);
  {
    std::lock_guard lock(fast.mutex);
    EXPECT_EQ(fast.statuses, (std::vector<int>{200}));
    EXPECT_EQ(fast.bytes, messages.body);
    EXPECT_NE(fast.bytes.find("event: message_stop"), std::string::npos);
    EXPECT_NE(fast.bytes.find("Hello"), std::string::npos);
    fast.bytes.clear();
    fast.statuses.clear();
  }

  auto complete = gateway.chat("/v1/chat/completions", std::string(kChat));
  ASSERT_EQ(complete.status, 200);
  std::lock_guard lock(fast.mutex);
  EXPECT_EQ(fast.bytes, complete.body);
  EXPECT_EQ(fast.bytes, testing::kFakeCompletion);
}

// ---- A stage that observes canonical events and blocks. ----

class BlocksWorld final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "blocks_world"; }
  Needs needs() const noexcept override { return Needs::events; }
  boost::asio::awaitable<Decision> on_request(RequestContext&) const override {
    co_return Decision::next();
  }
  Verdict on_event(RequestContext&, canonical::StreamEvent& event) const override {
    if (event.kind == canonical::StreamEvent::Kind::text_delta &&
        event.text.find("world") != std::string_view::npos) {
      return Verdict::block(Error::invalid_request("The answer was blocked by a test rule."));
    }
    return Verdict::pass();
  }
};

TEST(PipelineTest, AnEventObserverEndsStreamsWithAnErrorInTheClientsDialect) {
  testing::FakeOpenAiUpstream upstream;
  testing::GatewayHarness gateway(upstream.port(),
                                  [] { return chain_with(std::make_unique<BlocksWorld>()); });
  auto openai = gateway.chat("/v1/chat/completions", std::string(kChatStream));
  EXPECT_EQ(openai.status, 200);
  EXPECT_NE(openai.body.find("Hello"), std::string::npos);
  EXPECT_EQ(openai.body.find(" world"), std::string::npos);
  EXPECT_NE(openai.body.find("blocked by a test rule"), std::string::npos);
  EXPECT_EQ(openai.body.find("[DONE]"), std::string::npos);

  auto anthropic = gateway.chat("/v1/messages", std::string(kMessagesStream));
  EXPECT_NE(anthropic.body.find("event: error"), std::string::npos);
  EXPECT_EQ(anthropic.body.find(" world"), std::string::npos);
  EXPECT_EQ(anthropic.body.find("message_stop"), std::string::npos);
}

// ---- A stage whose completion awaits, and SIGTERM's drain. ----

class SlowSettle final : public Middleware {
 public:
  explicit SlowSettle(std::atomic<int>& settled) : settled_(settled) {}
  std::string_view name() const noexcept override { return "slow_settle"; }
  boost::asio::awaitable<Decision> on_request(RequestContext&) const override {
    co_return Decision::next();
  }
  boost::asio::awaitable<void> on_complete(RequestContext& ctx,
                                           const Outcome& outcome) const override {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, 300ms);
    co_await timer.async_wait(boost::asio::use_awaitable);
    // What a settling stage reads: the outcome, the usage and the attempts.
    if (outcome.status == 200 && ctx.usage && ctx.usage->total_tokens == 7 &&
        ctx.attempts.size() == 1) {
      settled_.fetch_add(1);
    }
  }

 private:
  std::atomic<int>& settled_;
};

TEST(PipelineTest, DrainWaitsForAwaitedCompletions) {
  testing::FakeOpenAiUpstream upstream;
  std::atomic<int> settled{0};
  testing::GatewayHarness gateway(
      upstream.port(), [&] { return chain_with(std::make_unique<SlowSettle>(settled)); });
  auto reply = gateway.chat("/v1/chat/completions", std::string(kChat));
  ASSERT_EQ(reply.status, 200);
  // The response is complete before the completion finishes: the client does not wait.
  EXPECT_EQ(settled.load(), 0);
  auto took = gateway.drain(5000ms);
  EXPECT_EQ(settled.load(), 1);
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 3000ms);
}

TEST(PipelineTest, TheDefaultChainServesModelsThroughItsOwnStage) {
  testing::FakeOpenAiUpstream upstream;
  testing::GatewayHarness gateway(upstream.port(), [] { return testing::default_test_chain(); });
  auto list = testing::http_request(gateway.port(), boost::beast::http::verb::get, "/v1/models", {},
                                    {{"Authorization", "Bearer sk-test"}});
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(nlohmann::json::parse(list.body)["data"][0]["id"], "m");
  auto anonymous =
      testing::http_request(gateway.port(), boost::beast::http::verb::get, "/v1/models");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(upstream.requests(), 0);
}

}  // namespace
}  // namespace llmgw::pipeline
