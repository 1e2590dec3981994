// The worked example of docs/architecture.md ("Adding a stage"), compiled and run against the
// real server so the doc cannot rot: a stage that tags answers with the deployment tier and
// counts finished requests per outcome in a per-worker service injected by its constructor.

#include <gtest/gtest.h>

#include <atomic>

#include "llmgw/pipeline/middleware.hpp"
#include "pipeline/middleware/auth/auth.hpp"
#include "pipeline/middleware/parse_body/parse_body.hpp"
#include "pipeline/middleware/request_id/request_id.hpp"
#include "pipeline/middleware/router/router.hpp"
#include "support/gateway_harness.hpp"
#include "support/test_chain.hpp"

namespace llmgw::pipeline {
namespace {

// --- begin example (docs/architecture.md) ---
/// A per-worker service, built by app/ and handed to the stage (here: two counters).
struct OutcomeCounter {
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
};

class OutcomeCountingStage final : public Middleware {
 public:
  explicit OutcomeCountingStage(OutcomeCounter& counter) : counter_(counter) {}

  std::string_view name() const noexcept override { return "outcome_counting"; }

  // Nothing on the response side but completion: the fast path stays as it is.
  Needs needs() const noexcept override { return Needs::nothing; }

  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override {
    if (find_header(ctx.headers, "x-example-refuse") == "yes") {
      co_return Decision::fail(Error::permission("Refused by the example stage."));
    }
    ctx.response_headers.emplace_back("x-example-stage", "seen");
    co_return Decision::next();
  }

  boost::asio::awaitable<void> on_complete(RequestContext&, const Outcome& outcome) const override {
    (outcome.error ? counter_.failed : counter_.ok).fetch_add(1);
    co_return;
  }

 private:
  OutcomeCounter& counter_;
};
// --- end example ---

TEST(ExampleStageTest, TagsAnswersAndCountsOutcomes) {
  testing::FakeOpenAiUpstream upstream;
  OutcomeCounter counter;
  testing::GatewayHarness gateway(upstream.port(), [&] {
    std::vector<std::unique_ptr<Middleware>> stages;
    stages.push_back(std::make_unique<RequestIdMiddleware>());
    stages.push_back(std::make_unique<AuthMiddleware>(testing::test_chain_services().clock));
    stages.push_back(std::make_unique<OutcomeCountingStage>(counter));
    stages.push_back(std::make_unique<ParseBodyMiddleware>());
    stages.push_back(std::make_unique<RouterMiddleware>(testing::test_chain_services().routing));
    return Chain(std::move(stages));
  });
  const std::string body = R"({"model":"m","messages":[{"role":"user","content":"hi"}]})";
  auto served = gateway.chat("/v1/chat/completions", body);
  EXPECT_EQ(served.status, 200);
  EXPECT_EQ(served.message["x-example-stage"], "seen");
  auto unknown = gateway.chat("/v1/chat/completions",
                              R"({"model":"nope","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.message["x-example-stage"], "seen");  // errors carry the headers too
  auto refused = gateway.chat("/v1/chat/completions", body, {{"x-example-refuse", "yes"}});
  EXPECT_EQ(refused.status, 403);
  gateway.drain(std::chrono::milliseconds(2000));
  EXPECT_EQ(counter.ok.load(), 1);
  EXPECT_EQ(counter.failed.load(), 2);
}

}  // namespace
}  // namespace llmgw::pipeline
