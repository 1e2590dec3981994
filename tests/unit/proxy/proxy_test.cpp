#include "proxy/proxy.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::proxy {
namespace {

// One scripted upstream answer: a status plus body pieces, or a failure at some point.
struct Script {
  std::optional<Error> send_error;
  int status = 200;
  std::vector<std::string> pieces;
  std::optional<Error> read_error;  ///< Returned after the pieces instead of the end.
};

class ScriptedExchange final : public upstream::UpstreamExchange {
 public:
  explicit ScriptedExchange(Script script) : script_(std::move(script)) {}
  int status() const noexcept override { return script_.status; }
  const Headers& headers() const noexcept override { return headers_; }
  boost::asio::awaitable<Result<std::string_view>> read_some() override {
    if (next_ < script_.pieces.size()) co_return std::string_view(script_.pieces[next_++]);
    if (script_.read_error) co_return *script_.read_error;
    co_return std::string_view();
  }
  boost::asio::awaitable<Result<std::string>> read_all(std::size_t) override {
    std::string all;
    for (const auto& piece : script_.pieces) all += piece;
    if (script_.read_error) co_return *script_.read_error;
    co_return all;
  }
  void cancel() noexcept override {}

 private:
  Script script_;
  Headers headers_;
  std::size_t next_ = 0;
};

class ScriptedClient final : public upstream::UpstreamClient {
 public:
  std::deque<Script> scripts;
  std::vector<std::string> providers_called;
  boost::asio::awaitable<Result<std::unique_ptr<upstream::UpstreamExchange>>> send(
      const config::ProviderConfig& provider, upstream::UpstreamRequest, CancelSignal&) override {
    providers_called.push_back(provider.name);
    Script script = std::move(scripts.front());
    scripts.pop_front();
    if (script.send_error) co_return *script.send_error;
    co_return std::unique_ptr<upstream::UpstreamExchange>(
        std::make_unique<ScriptedExchange>(std::move(script)));
  }
};

class RecordingWriter final : public server::ResponseWriter {
 public:
  int status = 0;
  std::string body;
  bool streamed = false;
  bool ended = false;
  boost::asio::awaitable<bool> send(int s, std::string_view, std::string b,
                                    const Headers&) override {
    status = s;
    body = std::move(b);
    started_ = true;
    co_return true;
  }
  boost::asio::awaitable<bool> begin_stream(int s, const Headers&) override {
    status = s;
    streamed = started_ = true;
    co_return true;
  }
  boost::asio::awaitable<bool> send_chunk(std::string_view bytes) override {
    body += bytes;
    co_return true;
  }
  boost::asio::awaitable<bool> end_stream() override {
    ended = true;
    co_return true;
  }
  bool started() const noexcept override { return started_; }
  std::uint64_t bytes_written() const noexcept override { return body.size(); }
  std::optional<TimePoint> first_byte_time() const noexcept override { return std::nullopt; }
  void watch_disconnect(CancelSignal&) override {}
  void stop_watching() noexcept override {}

 private:
  bool started_ = false;
};

class NullMetrics final : public observability::Metrics {
 public:
  int upstream_errors = 0;
  void request_started() noexcept override {}
  void request_finished(const observability::RequestRecord&) noexcept override {}
  void upstream_error(std::string_view, ErrorKind) noexcept override { ++upstream_errors; }
  void connection_opened() noexcept override {}
  void connection_closed() noexcept override {}
  void sync_access_log_dropped(std::uint64_t) noexcept override {}
  std::string serialize() const override { return {}; }
};

// Two enabled providers behind one model, tried in order.
struct Fixture {
  Fixture(bool stream) {
    auto cfg = std::make_shared<config::Config>();
    cfg->providers.push_back(testing::provider("first"));
    cfg->providers.push_back(testing::provider("second"));
    cfg->models.push_back(testing::model("m", {0, 1}, *cfg));
    ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
    ctx.endpoint = Endpoint::chat_completions;
    ctx.request_id = "rid";
    std::string raw = std::string(R"({"model":"m","messages":[{"role":"user","content":"hi"}])") +
                      (stream ? R"(,"stream":true})" : "}");
    ctx.body = parse_request_body(Endpoint::chat_completions, raw).value();
    for (const auto& deployment : ctx.config().models[0].deployments) {
      ctx.route.push_back(&deployment);
    }
  }
  Outcome run() { return testing::sync_wait(forward(ctx, writer, {client, metrics})); }

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

}  // namespace
}  // namespace llmgw::proxy
