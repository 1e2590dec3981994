#include "providers/bedrock/bedrock_adapter.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bedrock_test_support.hpp"

namespace llmgw::providers::bedrock {
namespace {

using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Message;
using testing::TargetFixture;

ChatRequest hello(std::int64_t max_tokens) {
  ChatRequest request;
  Message message;
  message.content.push_back({ContentPart::Kind::text, "Hi", {}});
  request.messages.push_back(message);
  request.max_tokens = max_tokens;
  return request;
}

std::string header(const upstream::UpstreamRequest& request, std::string_view name) {
  return std::string(find_header(request.headers, name));
}

TEST(BedrockAdapter, IsTranslatedOnlyAndTheFastPathRefuses) {
  const BedrockAdapter adapter;
  EXPECT_FALSE(adapter.native_dialect().has_value());
  EXPECT_EQ(adapter.decode(Endpoint::chat_completions, "{}").error().kind, ErrorKind::internal);
  EXPECT_EQ(adapter.make_stream_decoder(EncodedRequest{}), nullptr);
}

// End to end against providers.md §5.4's botocore-computed example: same body bytes, same
// path, same signature.
TEST(BedrockAdapter, EncodeChatProducesTheBotocoreSignedRequest) {
  TargetFixture fixture;
  fixture.now = std::chrono::sys_days{std::chrono::year{2015} / 8 / 30} + std::chrono::hours{12} +
                std::chrono::minutes{36};
  const auto request = BedrockAdapter().encode_chat(hello(64), fixture.target());
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->method, boost::beast::http::verb::post);
  EXPECT_EQ(request->target, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
  EXPECT_EQ(request->body, R"({"messages":[{"role":"user","content":[{"text":"Hi"}]}],)"
                           R"("inferenceConfig":{"maxTokens":64}})");
  EXPECT_EQ(header(request.value(), "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=4e695fb0b2a4354d996741d54fc5502cf897a33edb0f41a5a880045bb55a5eca");
}

TEST(BedrockAdapter, StreamingRequestsUseConverseStream) {
  TargetFixture fixture;
  ChatRequest request = hello(10);
  request.stream = true;
  const auto encoded = BedrockAdapter().encode_chat(request, fixture.target());
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->target, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
  EXPECT_EQ(header(encoded.value(), "Accept"), "application/vnd.amazon.eventstream");
}

TEST(BedrockAdapter, RequestErrorsComeBackUnsigned) {
  TargetFixture fixture;
  ChatRequest request = hello(10);
  request.seed = 1;
  const auto encoded = BedrockAdapter().encode_chat(request, fixture.target());
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.error().param, "seed");
}

TEST(BedrockAdapter, DecodesResponsesStreamsAndErrors) {
  const BedrockAdapter adapter;
  const auto response = adapter.decode_chat(
      R"({"output":{"message":{"content":[{"text":"Hi"}]}},"stopReason":"end_turn"})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->choices[0].text, "Hi");

  auto decoder = adapter.make_event_decoder("req1");
  ASSERT_NE(decoder, nullptr);
  testing::LogSink sink;
  decoder->feed(testing::event("contentBlockStart",
                               R"({"contentBlockIndex":0,"start":{"toolUse":{"name":"f"}}})"),
                sink);
  EXPECT_EQ(sink.log, "start |\ntool_start 0 0 call_req1_0 f\n");

  const Error error = adapter.map_error(400, R"({"message":"bad"})",
                                        {{"x-amzn-errortype", "ValidationException:http://x"}});
  EXPECT_EQ(error.code, "ValidationException");
  EXPECT_EQ(error.message, "bad");
}

}  // namespace
}  // namespace llmgw::providers::bedrock
