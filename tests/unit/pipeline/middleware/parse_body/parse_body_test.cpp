#include "pipeline/middleware/parse_body/parse_body.hpp"

#include <gtest/gtest.h>

#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

Decision parse(RequestContext& ctx) {
  return testing::sync_wait(ParseBodyMiddleware().on_request(ctx));
}

TEST(ParseBodyTest, FillsTheTypedBodyAndKeepsTheRawBytes) {
  RequestContext ctx;
  ctx.endpoint = Endpoint::chat_completions;
  ctx.raw_body = R"({"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]})";
  ASSERT_TRUE(parse(ctx).proceeds());
  EXPECT_EQ(ctx.body.model, "m");
  EXPECT_TRUE(ctx.body.stream);
  EXPECT_NE(ctx.body.raw.find("\"messages\""), std::string::npos);
}

TEST(ParseBodyTest, MalformedJsonIsA400) {
  RequestContext ctx;
  ctx.endpoint = Endpoint::chat_completions;
  ctx.raw_body = R"({"model":)";
  Decision decision = parse(ctx);
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 400);
}

TEST(ParseBodyTest, EndpointsWithoutABodyAreSkipped) {
  RequestContext ctx;
  ctx.endpoint = Endpoint::models_list;
  ctx.raw_body = "not json";
  EXPECT_TRUE(parse(ctx).proceeds());
  EXPECT_TRUE(ctx.body.model.empty());
}

}  // namespace
}  // namespace llmgw::pipeline
