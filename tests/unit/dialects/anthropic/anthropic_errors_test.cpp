#include "dialects/anthropic/anthropic_errors.hpp"

#include <gtest/gtest.h>

#include "llmgw/canonical/chat.hpp"

namespace llmgw::dialects::anthropic {
namespace {

using canonical::Json;

Error with_status(int status) {
  Error error;
  error.kind = ErrorKind::upstream_status;
  error.http_status = status;
  error.message = "m";
  return error;
}

TEST(AnthropicErrors, TypesFollowTheStatus) {
  EXPECT_EQ(error_type(Error::invalid_request("x")), "invalid_request_error");
  EXPECT_EQ(error_type(Error::authentication("x")), "authentication_error");
  EXPECT_EQ(error_type(Error::permission("x")), "permission_error");
  EXPECT_EQ(error_type(Error::not_found("x")), "not_found_error");
  EXPECT_EQ(error_type(Error::method_not_allowed("x")), "invalid_request_error");
  EXPECT_EQ(error_type(Error::payload_too_large("x")), "request_too_large");
  EXPECT_EQ(error_type(Error::upstream_connect("x")), "api_error");
  EXPECT_EQ(error_type(Error::upstream_protocol("x")), "api_error");
  EXPECT_EQ(error_type(Error::upstream_timeout("x")), "timeout_error");
  EXPECT_EQ(error_type(Error::unavailable("x")), "overloaded_error");
  EXPECT_EQ(error_type(Error::internal("x")), "api_error");
  EXPECT_EQ(error_type(with_status(402)), "billing_error");
  EXPECT_EQ(error_type(with_status(409)), "invalid_request_error");
  EXPECT_EQ(error_type(with_status(429)), "rate_limit_error");
  EXPECT_EQ(error_type(with_status(529)), "overloaded_error");
  EXPECT_EQ(error_type(with_status(500)), "api_error");
}

TEST(AnthropicErrors, JsonBody) {
  Error error = with_status(429);
  error.message = "Slow down";
  EXPECT_EQ(error_json(error),
            R"({"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}})");
  error.message = "bad \xC3";
  EXPECT_EQ(Json::parse(error_json(error))["error"]["message"], "bad \xEF\xBF\xBD");
  error.message.clear();
  EXPECT_FALSE(Json::parse(error_json(error))["error"]["message"].get<std::string>().empty());
}

TEST(AnthropicErrors, StreamEvent) {
  EXPECT_EQ(stream_error_event(Error::unavailable("Overloaded")),
            "event: error\ndata: "
            R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"
            "\n\n");
}

TEST(AnthropicErrors, Headers) {
  Error limited = with_status(429);
  limited.retryable = true;
  limited.retry_after = "7";
  const Headers headers = error_headers(limited, "req9");
  EXPECT_EQ(find_header(headers, "x-request-id"), "req9");
  EXPECT_EQ(find_header(headers, "request-id"), "req9");
  EXPECT_EQ(find_header(headers, "retry-after"), "7");
  EXPECT_EQ(find_header(headers, "x-should-retry"), "true");

  const Headers plain = error_headers(Error::internal("x"), "r");
  EXPECT_EQ(find_header(plain, "retry-after"), "");
  EXPECT_EQ(find_header(plain, "x-should-retry"), "false");
}

}  // namespace
}  // namespace llmgw::dialects::anthropic
