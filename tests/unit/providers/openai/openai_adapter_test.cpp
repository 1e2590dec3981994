#include "providers/openai/openai_adapter.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::openai {
namespace {

constexpr std::string_view kCompletion =
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10,"prompt_tokens_details":{"cached_tokens":8}}})";

TEST(OpenAiAdapterTest, DecodePassesTheBodyThroughAndReadsUsage) {
  OpenAiAdapter adapter;
  auto decoded = adapter.decode(Endpoint::chat_completions, std::string(kCompletion));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->body, kCompletion);
  ASSERT_TRUE(decoded->usage.has_value());
  EXPECT_EQ(decoded->usage->prompt_tokens, 9);
  EXPECT_EQ(decoded->usage->cached_tokens, 8);
  EXPECT_EQ(decoded->usage->total_tokens, 10);
}

TEST(OpenAiAdapterTest, DecodeToleratesDeepSeekLeadingBlankLines) {
  OpenAiAdapter adapter;
  const std::string body = "\n\n\n" + std::string(kCompletion);
  auto decoded = adapter.decode(Endpoint::chat_completions, body);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->body, body);
  EXPECT_EQ(decoded->usage->completion_tokens, 1);
}

TEST(OpenAiAdapterTest, DecodeEmbeddingsUsage) {
  OpenAiAdapter adapter;
  auto decoded = adapter.decode(
      Endpoint::embeddings,
      R"({"object":"list","model":"e","data":[{"object":"embedding","index":0,"embedding":[0.1]}],"usage":{"prompt_tokens":5,"total_tokens":5}})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->usage->prompt_tokens, 5);
  EXPECT_EQ(decoded->usage->completion_tokens, 0);
  EXPECT_EQ(decoded->usage->total_tokens, 5);
}

TEST(OpenAiAdapterTest, DecodeWithoutUsage) {
  OpenAiAdapter adapter;
  auto decoded = adapter.decode(Endpoint::chat_completions, R"({"choices":[],"usage":null})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(decoded->usage.has_value());
}

TEST(OpenAiAdapterTest, DecodeRejectsInvalidBodies) {
  OpenAiAdapter adapter;
  for (std::string body : {"", "{\"choices\":[", "<html>", "[1]", "{} {}"}) {
    auto decoded = adapter.decode(Endpoint::chat_completions, body);
    ASSERT_FALSE(decoded.ok()) << body;
    EXPECT_EQ(decoded.error().kind, ErrorKind::upstream_protocol);
    EXPECT_EQ(decoded.error().http_status, 502);
  }
}

TEST(OpenAiAdapterTest, StreamDecoderHonoursStripFlag) {
  OpenAiAdapter adapter;
  const std::string usage_chunk =
      "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n";
  for (bool strip : {true, false}) {
    EncodedRequest request;
    request.strip_usage_chunk = strip;
    auto decoder = adapter.make_stream_decoder(request);
    StreamOutput out;
    decoder->feed(usage_chunk, out);
    EXPECT_EQ(out.client_bytes.empty(), strip);
    ASSERT_TRUE(out.usage.has_value());
    EXPECT_EQ(out.usage->total_tokens, 2);
  }
}

TEST(OpenAiAdapterTest, MapErrorDelegates) {
  OpenAiAdapter adapter;
  Error e = adapter.map_error(429, R"({"error":{"message":"slow down"}})", {{"retry-after", "3"}});
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.message, "slow down");
  EXPECT_EQ(e.retry_after, "3");
  EXPECT_TRUE(e.retryable);
}

}  // namespace
}  // namespace llmgw::providers::openai
