#include "providers/openai/error_mapper.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::openai {
namespace {

TEST(OpenAiErrorMapperTest, OpenAiEnvelope) {
  Error e = map_error_response(
      400,
      R"({"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}})",
      {});
  EXPECT_EQ(e.kind, ErrorKind::upstream_status);
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.message, "This model's maximum context length is 128000 tokens.");
  EXPECT_EQ(e.type, "invalid_request_error");
  EXPECT_EQ(e.param, "messages");
  EXPECT_EQ(e.code, "context_length_exceeded");
  EXPECT_FALSE(e.retryable);
}

TEST(OpenAiErrorMapperTest, VllmIntegerCode) {
  Error e = map_error_response(
      400, R"({"error":{"message":"bad","type":"BadRequestError","param":null,"code":400}})", {});
  EXPECT_EQ(e.code, "400");
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.type, "BadRequestError");
}

TEST(OpenAiErrorMapperTest, MistralFlatShapeWithObjectMessage) {
  Error e = map_error_response(
      422,
      R"({"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","stream_options"]}]},"type":"invalid_request_error","param":null,"code":null})",
      {});
  EXPECT_EQ(e.http_status, 422);
  EXPECT_EQ(e.message,
            R"({"detail":[{"loc":["body","stream_options"],"type":"extra_forbidden"}]})");
  EXPECT_EQ(e.type, "invalid_request_error");
  EXPECT_EQ(e.code, "");
}

TEST(OpenAiErrorMapperTest, GoogleStyleStatus) {
  Error e = map_error_response(
      429,
      R"({"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}})",
      {});
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.code, "RESOURCE_EXHAUSTED");
  EXPECT_EQ(e.type, "rate_limit_error");
  EXPECT_TRUE(e.retryable);
}

TEST(OpenAiErrorMapperTest, OpenRouterNumericCodeAndStringError) {
  Error e =
      map_error_response(402, R"({"error":{"code":402,"message":"Insufficient credits"}})", {});
  EXPECT_EQ(e.code, "402");
  EXPECT_EQ(e.message, "Insufficient credits");
  EXPECT_FALSE(e.retryable);
  Error s = map_error_response(404, R"({"error":"model 'x' not found"})", {});
  EXPECT_EQ(s.message, "model 'x' not found");
  Error d = map_error_response(422, R"({"detail":[{"msg":"field required"}]})", {});
  EXPECT_EQ(d.message, R"([{"msg":"field required"}])");
}

TEST(OpenAiErrorMapperTest, RetryableStatuses) {
  for (int status : {408, 409, 429, 500, 502, 503, 504, 529}) {
    EXPECT_TRUE(map_error_response(status, "", {}).retryable) << status;
  }
  for (int status : {400, 404, 413, 422}) {
    EXPECT_FALSE(map_error_response(status, "", {}).retryable) << status;
  }
}

TEST(OpenAiErrorMapperTest, UpstreamAuthFailuresAreTheGatewaysProblem) {
  for (int status : {401, 403}) {
    Error e = map_error_response(
        status,
        R"({"error":{"message":"Incorrect API key provided: sk-abc***xyz","type":"invalid_request_error","code":"invalid_api_key"}})",
        {});
    EXPECT_EQ(e.http_status, 502);
    EXPECT_EQ(e.type, "upstream_error");
    EXPECT_EQ(e.message.find("sk-"), std::string::npos);
    EXPECT_NE(e.message.find("rejected the gateway's credentials"), std::string::npos);
    EXPECT_NE(e.code, "invalid_api_key");
  }
}

TEST(OpenAiErrorMapperTest, NonJsonBodiesAreNotEchoed) {
  Error e = map_error_response(503, "<html><body>Service Unavailable</body></html>", {});
  EXPECT_EQ(e.message, "upstream returned HTTP 503");
  EXPECT_EQ(e.type, "server_error");
  EXPECT_EQ(map_error_response(500, "", {}).message, "upstream returned HTTP 500");
  EXPECT_EQ(map_error_response(500, R"({"unrelated":1})", {}).message,
            "upstream returned HTTP 500");
  EXPECT_EQ(map_error_response(500, R"({"error":{"message":"x")", {}).message,
            "upstream returned HTTP 500");
}

TEST(OpenAiErrorMapperTest, LongMessagesAreCapped) {
  std::string body = R"({"error":{"message":")" + std::string(5000, 'x') + "\"}}";
  EXPECT_EQ(map_error_response(400, body, {}).message.size(), 512u);
  std::string deep =
      R"({"error":{"message":)" + std::string(10000, '[') + std::string(10000, ']') + "}}";
  EXPECT_EQ(map_error_response(400, deep, {}).message, "upstream returned HTTP 400");
}

TEST(OpenAiErrorMapperTest, OddStatusesBecome502) {
  EXPECT_EQ(map_error_response(200, "", {}).http_status, 502);
  EXPECT_EQ(map_error_response(302, "", {}).http_status, 502);
  EXPECT_EQ(map_error_response(700, "", {}).http_status, 502);
}

TEST(OpenAiErrorMapperTest, RetryAfterHeaders) {
  EXPECT_EQ(map_error_response(429, "", {{"Retry-After", "20"}}).retry_after, "20");
  EXPECT_EQ(map_error_response(429, "", {{"retry-after", " 1.5 "}}).retry_after, "1.5");
  EXPECT_EQ(map_error_response(429, "", {{"retry-after-ms", "1500"}}).retry_after, "2");
  EXPECT_EQ(map_error_response(429, "", {{"retry-after-ms", "250.5"}}).retry_after, "1");
  EXPECT_EQ(map_error_response(429, "", {{"retry-after-ms", "abc"}}).retry_after, "");
  EXPECT_EQ(map_error_response(429, "", {{"retry-after", "1\r\nX: y"}}).retry_after, "");
  EXPECT_EQ(map_error_response(429, "", {}).retry_after, "");
}

TEST(OpenAiErrorMapperTest, ShouldRetryHeaderOverrides) {
  EXPECT_FALSE(map_error_response(503, "", {{"x-should-retry", "false"}}).retryable);
  EXPECT_TRUE(map_error_response(400, "", {{"X-Should-Retry", "true"}}).retryable);
}

TEST(OpenAiErrorMapperTest, StreamErrorsTakeTheirStatusFromAnIntegerCode) {
  EXPECT_EQ(map_stream_error(R"({"error":{"message":"m","code":429}})").http_status, 429);
  EXPECT_EQ(map_stream_error(R"({"error":{"message":"m","code":"server_error"}})").http_status,
            502);
  EXPECT_EQ(map_stream_error(R"({"object":"error","message":"m","code":503})").http_status, 503);
  EXPECT_EQ(map_stream_error(R"({"error":{"message":"m","code":99}})").http_status, 502);
  EXPECT_EQ(map_stream_error("not json").message, "upstream returned HTTP 502");
}

TEST(OpenAiErrorMapperTest, EnvelopeParser) {
  EXPECT_FALSE(parse_error_envelope("").has_value());
  EXPECT_FALSE(parse_error_envelope("[]").has_value());
  EXPECT_FALSE(parse_error_envelope(R"({"error":null})").has_value());
  auto fields = parse_error_envelope("\n\n  {\"error\":{\"message\":\"m\",\"code\":7}}");
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(fields->numeric_code, 7);
  EXPECT_EQ(fields->code, "7");
}

}  // namespace
}  // namespace llmgw::providers::openai
