#include "providers/gemini/gemini_adapter.hpp"

#include <gtest/gtest.h>

#include "gemini_test_support.hpp"

namespace llmgw::providers::gemini {
namespace {

using testing::RecordingSink;
using testing::TargetFixture;

TEST(GeminiAdapterTest, HasNoFastPath) {
  GeminiAdapter adapter;
  EXPECT_FALSE(adapter.native_dialect());
  auto decoded = adapter.decode(Endpoint::chat_completions, "{}");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::internal);
  EXPECT_EQ(adapter.make_stream_decoder(EncodedRequest{}), nullptr);
}

TEST(GeminiAdapterTest, TranslatedPathEndToEnd) {
  GeminiAdapter adapter;
  TargetFixture f;
  canonical::ChatRequest request;
  canonical::Message message;
  message.content.push_back({canonical::ContentPart::Kind::text, "Hi", {}});
  request.messages.push_back(message);
  request.stream = true;
  auto encoded = adapter.encode_chat(request, f.target());
  ASSERT_TRUE(encoded.ok());
  EXPECT_NE(encoded->target.find(":streamGenerateContent?alt=sse"), std::string::npos);

  auto decoder = adapter.make_event_decoder("req-7");
  RecordingSink sink;
  decoder->feed(
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\"}}]},"
      "\"finishReason\":\"STOP\"}]}\n\n",
      sink);
  decoder->finish(sink);
  EXPECT_EQ(sink.events, (std::vector<std::string>{"start  ", "call 0 0 call_req-7_0 f",
                                                   "args 0 0 {}", "finish 0 tool_calls", "end"}));

  auto response = adapter.decode_chat(R"({"candidates":[{"content":{"parts":[{"text":"ok"}]}}]})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->choices[0].text, "ok");
}

TEST(GeminiAdapterTest, EmbeddingsAndErrors) {
  GeminiAdapter adapter;
  TargetFixture f;
  canonical::EmbeddingRequest request;
  request.inputs = {"a"};
  EXPECT_TRUE(adapter.encode_embeddings(request, f.target()).ok());
  EXPECT_TRUE(adapter.decode_embeddings(R"({"embeddings":[{"values":[1]}]})").ok());
  Error e = adapter.map_error(429, R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}})", {});
  EXPECT_EQ(e.http_status, 429);
  EXPECT_TRUE(e.retryable);
}

}  // namespace
}  // namespace llmgw::providers::gemini
