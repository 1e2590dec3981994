#include "llmgw/pipeline/chain.hpp"

#include <gtest/gtest.h>

#include "app/default_chain.hpp"
#include "support/sync_wait.hpp"
#include "support/test_chain.hpp"

namespace llmgw::pipeline {
namespace {

// Records the order of calls into a shared log.
class Recorder final : public Middleware {
 public:
  Recorder(std::string name, std::vector<std::string>& log, bool reply, Needs needs)
      : name_(std::move(name)), log_(log), reply_(reply), needs_(needs) {}
  std::string_view name() const noexcept override { return name_; }
  Needs needs() const noexcept override { return needs_; }
  boost::asio::awaitable<Decision> on_request(RequestContext&) const override {
    log_.push_back("req:" + name_);
    if (reply_) co_return Decision::fail(Error::permission("stop at " + name_));
    co_return Decision::next();
  }
  void on_head(RequestContext&, int status, const Headers&) const noexcept override {
    log_.push_back("head:" + name_ + ":" + std::to_string(status));
  }
  void on_bytes(RequestContext&, std::string_view piece) const noexcept override {
    log_.push_back("bytes:" + name_ + ":" + std::string(piece));
  }
  Verdict on_event(RequestContext&, canonical::StreamEvent& event) const override {
    log_.push_back("event:" + name_ + ":" + std::string(event.text));
    if (event.text == "forbidden") return Verdict::block(Error::invalid_request("blocked"));
    return Verdict::pass();
  }
  boost::asio::awaitable<void> on_complete(RequestContext&, const Outcome& outcome) const override {
    log_.push_back("done:" + name_ + ":" + std::to_string(outcome.status));
    co_return;
  }

 private:
  std::string name_;
  std::vector<std::string>& log_;
  bool reply_;
  Needs needs_;
};

Chain make_chain(std::vector<std::string>& log, int replying_stage,
                 std::vector<Needs> needs = {Needs::nothing, Needs::nothing, Needs::nothing}) {
  std::vector<std::unique_ptr<Middleware>> stages;
  for (int i = 0; i < 3; ++i) {
    stages.push_back(std::make_unique<Recorder>(std::to_string(i), log, i == replying_stage,
                                                needs[static_cast<std::size_t>(i)]));
  }
  return Chain(std::move(stages));
}

TEST(ChainTest, RunsAllStagesThenCompletesInReverse) {
  std::vector<std::string> log;
  Chain chain = make_chain(log, -1);
  RequestContext ctx;
  std::size_t ran = 0;
  EXPECT_FALSE(testing::sync_wait(chain.run(ctx, ran)).has_value());
  EXPECT_EQ(ran, 3u);
  testing::sync_wait([&]() -> boost::asio::awaitable<bool> {
    // A named outcome: GCC 12 destroys braced temporaries inside co_await too early.
    const Outcome outcome{200, {}};
    co_await chain.complete(ctx, outcome, ran);
    co_return true;
  }());
  EXPECT_EQ(log, (std::vector<std::string>{"req:0", "req:1", "req:2", "done:2:200", "done:1:200",
                                           "done:0:200"}));
}

TEST(ChainTest, StopsAtLocalReplyAndCompletesOnlyStagesThatRan) {
  std::vector<std::string> log;
  Chain chain = make_chain(log, 1);
  RequestContext ctx;
  std::size_t ran = 0;
  auto reply = testing::sync_wait(chain.run(ctx, ran));
  ASSERT_TRUE(reply.has_value());
  ASSERT_TRUE(reply->error.has_value());
  EXPECT_EQ(reply->error->http_status, 403);
  EXPECT_EQ(reply->status, 403);
  EXPECT_EQ(ran, 2u);
  testing::sync_wait([&]() -> boost::asio::awaitable<bool> {
    const Outcome outcome{403, reply->error};
    co_await chain.complete(ctx, outcome, ran);
    co_return true;
  }());
  EXPECT_EQ(log, (std::vector<std::string>{"req:0", "req:1", "done:1:403", "done:0:403"}));
}

TEST(ChainTest, ResponseHooksReachOnlyStagesThatAskedAndRan) {
  std::vector<std::string> log;
  Chain chain = make_chain(log, -1, {Needs::head | Needs::bytes, Needs::nothing, Needs::bytes});
  EXPECT_TRUE(chain.observes_writes());
  EXPECT_FALSE(chain.observes_events());
  RequestContext ctx;
  chain.head(ctx, 3, 200, {});
  chain.bytes(ctx, 3, "x");
  chain.bytes(ctx, 1, "y");  // only stage 0 ran
  EXPECT_EQ(log, (std::vector<std::string>{"head:0:200", "bytes:2:x", "bytes:0:x", "bytes:0:y"}));
}

TEST(ChainTest, EventHooksRunInReverseAndStopAtTheFirstBlock) {
  std::vector<std::string> log;
  Chain chain = make_chain(log, -1, {Needs::events, Needs::nothing, Needs::events});
  EXPECT_TRUE(chain.observes_events());
  EXPECT_FALSE(chain.observes_writes());
  RequestContext ctx;
  canonical::StreamEvent ok{.kind = canonical::StreamEvent::Kind::text_delta, .text = "fine"};
  EXPECT_FALSE(chain.event(ctx, ok).stop);
  canonical::StreamEvent bad{.kind = canonical::StreamEvent::Kind::text_delta, .text = "forbidden"};
  EXPECT_TRUE(chain.event(ctx, bad).stop);
  EXPECT_EQ(log, (std::vector<std::string>{"event:2:fine", "event:0:fine", "event:2:forbidden"}));
}

TEST(ChainTest, CanonicalPathNeedMarksEveryRequest) {
  std::vector<std::string> log;
  Chain plain = make_chain(log, -1);
  Chain rewriting = make_chain(log, -1, {Needs::nothing, Needs::canonical_path, Needs::nothing});
  RequestContext a;
  RequestContext b;
  std::size_t ran = 0;
  (void)testing::sync_wait(plain.run(a, ran));
  (void)testing::sync_wait(rewriting.run(b, ran));
  EXPECT_FALSE(a.canonical_path);
  EXPECT_TRUE(b.canonical_path);
}

class Throwing final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "throwing"; }
  boost::asio::awaitable<Decision> on_request(RequestContext&) const override {
    co_return Decision::next();
  }
  boost::asio::awaitable<void> on_complete(RequestContext&, const Outcome&) const override {
    throw std::runtime_error("store down");
    co_return;
  }
};

TEST(ChainTest, AThrowingCompletionIsReportedAndTheOthersStillRun) {
  std::vector<std::string> log;
  std::vector<std::unique_ptr<Middleware>> stages;
  stages.push_back(std::make_unique<Recorder>("first", log, false, Needs::nothing));
  stages.push_back(std::make_unique<Throwing>());
  std::vector<std::string> reported;
  Chain chain(std::move(stages), [&](std::string_view stage, std::string_view what) {
    reported.push_back(std::string(stage) + ": " + std::string(what));
  });
  RequestContext ctx;
  testing::sync_wait([&]() -> boost::asio::awaitable<bool> {
    const Outcome outcome{200, {}};
    co_await chain.complete(ctx, outcome, 2);
    co_return true;
  }());
  EXPECT_EQ(reported, (std::vector<std::string>{"throwing: store down"}));
  EXPECT_EQ(log, (std::vector<std::string>{"done:first:200"}));
}

// The order is a security property: auth must run before anything reads the body or answers
// with model names.
TEST(ChainTest, DefaultChainOrder) {
  Chain chain = testing::default_test_chain();
  EXPECT_EQ(chain.names(),
            (std::vector<std::string_view>{"request_id", "auth", "models", "parse_body", "router",
                                           "access", "limits"}));
  EXPECT_EQ(chain.needs(), Needs::nothing);
  // With spend records, the spend stage completes first (reverse order) and needs nothing
  // on the response side: the fast path stays as it is.
  testing::RecordingSpendSink sink;
  Chain with_spend = app::make_default_chain(testing::test_chain_services().services(&sink));
  EXPECT_EQ(with_spend.names().back(), "spend");
  EXPECT_EQ(with_spend.needs(), Needs::nothing);
}

}  // namespace
}  // namespace llmgw::pipeline
