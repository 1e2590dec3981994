#include "llmgw/core/error.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace llmgw {
namespace {

TEST(ErrorTest, RendersOpenAiShapeWithNulls) {
  auto body = nlohmann::json::parse(to_openai_json(Error::invalid_request("bad", "messages")));
  EXPECT_EQ(body["error"]["message"], "bad");
  EXPECT_EQ(body["error"]["type"], "invalid_request_error");
  EXPECT_EQ(body["error"]["param"], "messages");
  EXPECT_TRUE(body["error"]["code"].is_null());
}

TEST(ErrorTest, UpstreamKindsAreRetryableClientKindsAreNot) {
  EXPECT_TRUE(Error::upstream_connect("x").retryable);
  EXPECT_EQ(Error::upstream_connect("x").http_status, 502);
  EXPECT_TRUE(Error::upstream_timeout("x").retryable);
  EXPECT_EQ(Error::upstream_timeout("x").http_status, 504);
  EXPECT_FALSE(Error::authentication("x").retryable);
  EXPECT_EQ(Error::authentication("x").http_status, 401);
  EXPECT_FALSE(Error::invalid_request("x").retryable);
}

TEST(ErrorTest, InvalidUtf8InMessageDoesNotThrow) {
  std::string msg = "bad \xff byte";
  EXPECT_NO_THROW(to_openai_json(Error::upstream_protocol(msg)));
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value(), 7);
  Result<int> bad = Error::not_found("nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().http_status, 404);
}

}  // namespace
}  // namespace llmgw
