#include "providers/gemini/error_mapper.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::gemini {
namespace {

TEST(GeminiErrorMapperTest, RateLimitWithRetryInfo) {
  Error e = map_error_response(
      429,
      R"({"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"16.2s"}]}})",
      {});
  EXPECT_EQ(e.kind, ErrorKind::upstream_status);
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.message, "Resource has been exhausted (e.g. check quota).");
  EXPECT_EQ(e.code, "RESOURCE_EXHAUSTED");
  EXPECT_EQ(e.type, "rate_limit_error");
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.retry_after, "17");
}

TEST(GeminiErrorMapperTest, RetryAfterHeaderWins) {
  Error e = map_error_response(
      429,
      R"({"error":{"code":429,"message":"x","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"16s"}]}})",
      {{"Retry-After", " 30 "}});
  EXPECT_EQ(e.retry_after, "30");
}

TEST(GeminiErrorMapperTest, ArrayEnvelope) {
  Error e = map_error_response(
      400, R"([{"error":{"code":400,"message":"Invalid value","status":"INVALID_ARGUMENT"}}])", {});
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.message, "Invalid value");
  EXPECT_EQ(e.code, "INVALID_ARGUMENT");
  EXPECT_EQ(e.type, "invalid_request_error");
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.retry_after, "");
}

TEST(GeminiErrorMapperTest, ServerErrorsAreRetryable) {
  Error e = map_error_response(
      503, R"({"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}})",
      {});
  EXPECT_EQ(e.http_status, 503);
  EXPECT_EQ(e.type, "server_error");
  EXPECT_TRUE(e.retryable);
}

TEST(GeminiErrorMapperTest, InvalidKeyIsTheGatewaysProblem) {
  Error e = map_error_response(
      400,
      R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}})",
      {});
  EXPECT_EQ(e.http_status, 502);
  EXPECT_EQ(e.code, "upstream_auth_error");
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.message.find("API key not valid"), std::string::npos);
  EXPECT_EQ(map_error_response(403, R"({"error":{"code":403,"status":"PERMISSION_DENIED"}})", {})
                .http_status,
            502);
}

TEST(GeminiErrorMapperTest, NonJsonBodyGetsAGenericMessage) {
  Error e = map_error_response(502, "<html>Bad Gateway</html>", {});
  EXPECT_EQ(e.http_status, 502);
  EXPECT_EQ(e.message, "upstream returned HTTP 502");
  EXPECT_EQ(e.code, "");
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(map_error_response(200, "", {}).http_status, 502);
}

TEST(GeminiErrorMapperTest, WrongTypesAndLongMessagesAreBounded) {
  Error typed = map_error_response(400, R"({"error":{"code":"400","message":7,"status":[]}})", {});
  EXPECT_EQ(typed.message, "upstream returned HTTP 400");
  EXPECT_EQ(typed.code, "");
  std::string long_message(5000, 'x');
  Error e = map_error_response(400, R"({"error":{"message":")" + long_message + R"("}})", {});
  EXPECT_EQ(e.message.size(), 1024u);
  Error bad_delay = map_error_response(
      429,
      R"({"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"soon"}]}})",
      {});
  EXPECT_EQ(bad_delay.retry_after, "");
}

TEST(GeminiErrorMapperTest, StreamErrorUsesTheBodyCode) {
  GoogleError google;
  google.code = 503;
  google.message = "overloaded";
  google.status = "UNAVAILABLE";
  Error e = map_stream_error(google);
  EXPECT_EQ(e.http_status, 503);
  EXPECT_EQ(e.message, "overloaded");
  EXPECT_TRUE(e.retryable);
  google.code = 0;
  EXPECT_EQ(map_stream_error(google).http_status, 502);
}

TEST(GeminiErrorMapperTest, ReadGoogleErrorRejectsOtherShapes) {
  EXPECT_FALSE(read_google_error(Json::parse(R"({"candidates":[]})")));
  EXPECT_FALSE(read_google_error(Json::parse(R"([])")));
  EXPECT_FALSE(read_google_error(Json::parse(R"({"error":"text"})")));
  EXPECT_TRUE(read_google_error(Json::parse(R"({"error":{}})")));
}

}  // namespace
}  // namespace llmgw::providers::gemini
