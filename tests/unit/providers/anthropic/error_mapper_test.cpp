#include "providers/anthropic/error_mapper.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::anthropic {
namespace {

std::string envelope(std::string_view type, std::string_view message) {
  return R"({"type":"error","error":{"type":")" + std::string(type) + R"(","message":")" +
         std::string(message) + R"("},"request_id":"req_1"})";
}

TEST(AnthropicErrorMapperTest, RateLimitKeepsStatusAndRetryAfter) {
  const Error e = map_error_response(429, envelope("rate_limit_error", "Slow down"),
                                     {{"retry-after", "17"}, {"request-id", "req_1"}});
  EXPECT_EQ(e.kind, ErrorKind::upstream_status);
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.message, "Slow down");
  EXPECT_EQ(e.type, "rate_limit_error");
  EXPECT_EQ(e.code, "rate_limit_error");
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.retry_after, "17");
}

TEST(AnthropicErrorMapperTest, OverloadedIsRetryableServerError) {
  const Error e = map_error_response(529, envelope("overloaded_error", "Overloaded"), {});
  EXPECT_EQ(e.http_status, 529);
  EXPECT_EQ(e.type, "server_error");
  EXPECT_EQ(e.code, "overloaded_error");
  EXPECT_TRUE(e.retryable);
}

TEST(AnthropicErrorMapperTest, InvalidRequestIsNotRetryable) {
  const Error e =
      map_error_response(400, envelope("invalid_request_error", "max_tokens: Field required"), {});
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.type, "invalid_request_error");
  EXPECT_EQ(e.code, "invalid_request_error");
  EXPECT_EQ(e.message, "max_tokens: Field required");
  EXPECT_FALSE(e.retryable);
}

TEST(AnthropicErrorMapperTest, ServerErrorsAreRetryable) {
  for (int status : {500, 502, 503, 504, 408, 409}) {
    EXPECT_TRUE(map_error_response(status, envelope("api_error", "x"), {}).retryable) << status;
  }
  EXPECT_FALSE(map_error_response(404, envelope("not_found_error", "x"), {}).retryable);
}

TEST(AnthropicErrorMapperTest, CredentialErrorsBecomeAFixed502) {
  for (int status : {401, 403}) {
    const Error e = map_error_response(
        status, envelope("authentication_error", "invalid x-api-key sk-ant-12"), {});
    EXPECT_EQ(e.http_status, 502);
    EXPECT_EQ(e.code, "upstream_auth_error");
    EXPECT_EQ(e.message.find("sk-ant"), std::string::npos);
    EXPECT_TRUE(e.retryable);
  }
}

TEST(AnthropicErrorMapperTest, NonJsonBodyGetsAGenericMessage) {
  const Error e = map_error_response(413, "<html>Request Entity Too Large</html>", {});
  EXPECT_EQ(e.http_status, 413);
  EXPECT_EQ(e.message, "upstream returned HTTP 413");
  EXPECT_EQ(e.type, "invalid_request_error");
  EXPECT_TRUE(e.code.empty());
}

TEST(AnthropicErrorMapperTest, WrongTypesAndOddStatuses) {
  const Error e =
      map_error_response(418, R"({"type":"error","error":{"type":5,"message":[1]}})", {});
  EXPECT_EQ(e.http_status, 418);
  EXPECT_EQ(e.message, "upstream returned HTTP 418");
  EXPECT_TRUE(e.code.empty());
  EXPECT_EQ(map_error_response(200, "{}", {}).http_status, 502);
  EXPECT_EQ(map_error_response(302, "", {}).http_status, 502);
  EXPECT_EQ(map_error_response(400, R"({"error":"plain text"})", {}).message, "plain text");
}

TEST(AnthropicErrorMapperTest, MessageIsBounded) {
  const Error e =
      map_error_response(400, envelope("invalid_request_error", std::string(5000, 'x')), {});
  EXPECT_EQ(e.message.size(), 1024u);
}

TEST(AnthropicErrorMapperTest, RetryHeaders) {
  EXPECT_EQ(map_error_response(429, "", {{"retry-after-ms", "1500"}}).retry_after, "2");
  EXPECT_EQ(map_error_response(429, "", {{"retry-after", "bad\x01"}}).retry_after, "");
  EXPECT_FALSE(map_error_response(529, "", {{"x-should-retry", "false"}}).retryable);
  EXPECT_TRUE(map_error_response(400, "", {{"x-should-retry", "true"}}).retryable);
}

TEST(AnthropicErrorMapperTest, StreamErrorStatusComesFromTheType) {
  const Error overloaded = map_stream_error(envelope("overloaded_error", "Overloaded"));
  EXPECT_EQ(overloaded.http_status, 529);
  EXPECT_TRUE(overloaded.retryable);
  EXPECT_EQ(overloaded.message, "Overloaded");
  EXPECT_EQ(map_stream_error(envelope("rate_limit_error", "x")).http_status, 429);
  EXPECT_EQ(map_stream_error(envelope("api_error", "x")).http_status, 500);
  EXPECT_EQ(map_stream_error(envelope("invalid_request_error", "x")).http_status, 400);
  const Error unknown = map_stream_error(envelope("brand_new_error", "x"));
  EXPECT_EQ(unknown.http_status, 502);
  EXPECT_EQ(unknown.code, "brand_new_error");
  const Error garbage = map_stream_error("not json");
  EXPECT_EQ(garbage.http_status, 502);
  EXPECT_EQ(garbage.kind, ErrorKind::upstream_status);
  EXPECT_EQ(garbage.message, "upstream reported an error in the stream");
}

}  // namespace
}  // namespace llmgw::providers::anthropic
