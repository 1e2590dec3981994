#include "providers/bedrock/bedrock_errors.hpp"

#include <gtest/gtest.h>

#include <string>

namespace llmgw::providers::bedrock {
namespace {

TEST(BedrockErrors, ErrorNameStripsNamespaceAndSuffix) {
  EXPECT_EQ(error_name("ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"),
            "ValidationException");
  EXPECT_EQ(error_name("com.amazon.coral#ThrottlingException"), "ThrottlingException");
  EXPECT_EQ(error_name("throttlingException"), "ThrottlingException");
  EXPECT_EQ(error_name(""), "");
  EXPECT_EQ(error_name(std::string(200, 'x')), "");
  EXPECT_EQ(error_name("bad\nname"), "");
}

TEST(BedrockErrors, ValidationExceptionKeepsStatusMessageAndCode) {
  const Error error = map_error_response(
      400, R"({"message":"Malformed input request, please reformat your input and try again."})",
      {{"X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/"}});
  EXPECT_EQ(error.kind, ErrorKind::upstream_status);
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.code, "ValidationException");
  EXPECT_EQ(error.type, "invalid_request_error");
  EXPECT_EQ(error.message, "Malformed input request, please reformat your input and try again.");
  EXPECT_FALSE(error.retryable);
}

TEST(BedrockErrors, ThrottlingAndServerErrorsAreRetryable) {
  const Error throttled =
      map_error_response(429, R"({"Message":"Too many requests"})",
                         {{"x-amzn-errortype", "ThrottlingException"}, {"Retry-After", "3"}});
  EXPECT_EQ(throttled.http_status, 429);
  EXPECT_EQ(throttled.type, "rate_limit_error");
  EXPECT_EQ(throttled.message, "Too many requests");
  EXPECT_EQ(throttled.retry_after, "3");
  EXPECT_TRUE(throttled.retryable);
  EXPECT_TRUE(map_error_response(503, "", {}).retryable);
  EXPECT_TRUE(map_error_response(424, "{}", {}).retryable);
  EXPECT_EQ(map_error_response(503, "<html>", {}).message, "upstream returned HTTP 503");
}

TEST(BedrockErrors, NameFallsBackToTheBodyType) {
  const Error error = map_error_response(404, R"({"__type":"x#ResourceNotFoundException"})", {});
  EXPECT_EQ(error.code, "ResourceNotFoundException");
  EXPECT_EQ(error.message, "upstream returned HTTP 404 ResourceNotFoundException");
}

TEST(BedrockErrors, CredentialErrorsNeverEchoTheProviderText) {
  const Error error = map_error_response(
      403, R"({"message":"The canonical request ... x-amz-security-token:SECRET ..."})",
      {{"x-amzn-errortype", "InvalidSignatureException"}});
  EXPECT_EQ(error.http_status, 502);
  EXPECT_EQ(error.code, "upstream_auth_error");
  EXPECT_EQ(error.message.find("SECRET"), std::string::npos);
  EXPECT_NE(error.message.find("InvalidSignatureException"), std::string::npos);
}

TEST(BedrockErrors, LongMessagesAreBounded) {
  const std::string body = R"({"message":")" + std::string(5000, 'a') + R"("})";
  EXPECT_EQ(map_error_response(400, body, {}).message.size(), 1024U);
}

TEST(BedrockErrors, StreamExceptionsGetTheirHttpStatus) {
  const Error throttled = map_stream_exception("throttlingException", R"({"message":"slow down"})");
  EXPECT_EQ(throttled.http_status, 429);
  EXPECT_TRUE(throttled.retryable);
  EXPECT_EQ(throttled.code, "ThrottlingException");
  EXPECT_EQ(throttled.message, "slow down");
  EXPECT_EQ(map_stream_exception("validationException", "{}").http_status, 400);
  EXPECT_FALSE(map_stream_exception("validationException", "{}").retryable);
  EXPECT_EQ(map_stream_exception("modelStreamErrorException", "{}").http_status, 424);
  EXPECT_EQ(map_stream_exception("internalServerException", "{}").http_status, 500);
  EXPECT_EQ(map_stream_exception("serviceUnavailableException", "{}").http_status, 503);
  EXPECT_EQ(map_stream_exception("somethingNew", "{}").http_status, 502);

  const Error generic = map_stream_error_frame("InternalFailure", "it broke");
  EXPECT_EQ(generic.http_status, 502);
  EXPECT_EQ(generic.message, "it broke");
  EXPECT_EQ(generic.code, "InternalFailure");
}

}  // namespace
}  // namespace llmgw::providers::bedrock
