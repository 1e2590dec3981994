#include "pipeline/middleware/request_id/request_id.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

TEST(RequestIdTest, KeepsAWellFormedClientId) {
  RequestContext ctx;
  ctx.client_request_id = "req-123_abc";
  ASSERT_TRUE(testing::sync_wait(RequestIdMiddleware().on_request(ctx)).proceeds());
  EXPECT_EQ(ctx.request_id, "req-123_abc");
}

TEST(RequestIdTest, ReplacesMissingOrForgeableIds) {
  for (std::string bad : {std::string(), std::string("has space"), std::string("quote\"d"),
                          std::string("line\nbreak"), std::string(129, 'a')}) {
    RequestContext ctx;
    ctx.client_request_id = bad;
    ASSERT_TRUE(testing::sync_wait(RequestIdMiddleware().on_request(ctx)).proceeds());
    EXPECT_NE(ctx.request_id, bad);
    EXPECT_EQ(ctx.request_id.size(), 32u);
  }
}

}  // namespace
}  // namespace llmgw::pipeline
