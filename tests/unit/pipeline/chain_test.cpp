#include "llmgw/pipeline/chain.hpp"

#include <gtest/gtest.h>

#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

// Records the order of calls into a shared log.
class Recorder final : public Middleware {
 public:
  Recorder(std::string name, std::vector<std::string>& log, bool reply)
      : name_(std::move(name)), log_(log), reply_(reply) {}
  std::string_view name() const noexcept override { return name_; }
  boost::asio::awaitable<Decision> on_request(RequestContext&) const override {
    log_.push_back("req:" + name_);
    if (reply_) co_return Decision::local_reply(Error::permission("stop at " + name_));
    co_return Decision::next();
  }
  void on_complete(RequestContext&, const Outcome& outcome) const noexcept override {
    log_.push_back("done:" + name_ + ":" + std::to_string(outcome.status));
  }

 private:
  std::string name_;
  std::vector<std::string>& log_;
  bool reply_;
};

Chain make_chain(std::vector<std::string>& log, int replying_stage) {
  std::vector<std::unique_ptr<Middleware>> stages;
  for (int i = 0; i < 3; ++i) {
    stages.push_back(std::make_unique<Recorder>(std::to_string(i), log, i == replying_stage));
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
  chain.complete(ctx, Outcome{200, {}}, ran);
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
  EXPECT_EQ(reply->http_status, 403);
  EXPECT_EQ(ran, 2u);
  chain.complete(ctx, Outcome{403, reply}, ran);
  EXPECT_EQ(log, (std::vector<std::string>{"req:0", "req:1", "done:1:403", "done:0:403"}));
}

TEST(ChainTest, DefaultChainOrder) {
  EXPECT_EQ(make_default_chain().size(), 4u);
}

}  // namespace
}  // namespace llmgw::pipeline
