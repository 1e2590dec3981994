#include "dialects/openai/openai_errors.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace llmgw::dialects::openai {
namespace {

TEST(OpenAiErrorsTest, StreamEventIsOneDataEventWithAnErrorObject) {
  std::string event = stream_error_event(Error::upstream_timeout("took too long"));
  ASSERT_TRUE(event.starts_with("data: "));
  ASSERT_TRUE(event.ends_with("\n\n"));
  auto body = nlohmann::json::parse(event.substr(6));
  EXPECT_EQ(body["error"]["message"], "took too long");
  EXPECT_EQ(body["error"]["code"], "upstream_timeout");
}

TEST(OpenAiErrorsTest, HeadersCarryRequestIdAndRetryAfter) {
  Error error = Error::upstream_timeout("x");
  error.retry_after = "7";
  Headers headers = error_headers(error, "rid");
  EXPECT_EQ(find_header(headers, "x-request-id"), "rid");
  EXPECT_EQ(find_header(headers, "retry-after"), "7");
  EXPECT_EQ(find_header(error_headers(Error::internal("x"), "r"), "retry-after"), "");
}

}  // namespace
}  // namespace llmgw::dialects::openai
