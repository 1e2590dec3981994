#include "providers/gemini/response_reader.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::gemini {
namespace {

using canonical::FinishReason;

Result<ResponseFrame> read(std::string_view text) {
  return read_response(Json::parse(text));
}

TEST(GeminiResponseReaderTest, FinishReasonTable) {
  EXPECT_EQ(map_finish_reason("STOP", false), FinishReason::stop);
  EXPECT_EQ(map_finish_reason("STOP", true), FinishReason::tool_calls);
  EXPECT_EQ(map_finish_reason("MAX_TOKENS", true), FinishReason::length);
  for (const char* filtered : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                               "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"}) {
    EXPECT_EQ(map_finish_reason(filtered, false), FinishReason::content_filter) << filtered;
  }
  for (const char* other : {"OTHER", "LANGUAGE", "FINISH_REASON_UNSPECIFIED", "IMAGE_OTHER",
                            "NO_IMAGE", "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL",
                            "TOO_MANY_TOOL_CALLS", "SOMETHING_NEW"}) {
    EXPECT_EQ(map_finish_reason(other, true), FinishReason::stop) << other;
  }
}

TEST(GeminiResponseReaderTest, UsageMapping) {
  Usage usage = read_usage(Json::parse(
      R"({"promptTokenCount":120,"toolUsePromptTokenCount":5,"candidatesTokenCount":18,"thoughtsTokenCount":64,"cachedContentTokenCount":100,"totalTokenCount":207})"));
  EXPECT_EQ(usage.prompt_tokens, 125);
  EXPECT_EQ(usage.completion_tokens, 82);
  EXPECT_EQ(usage.total_tokens, 207);
  EXPECT_EQ(usage.cached_tokens, 100);
  EXPECT_EQ(usage.reasoning_tokens, 64);
  Usage partial = read_usage(Json::parse(R"({"promptTokenCount":3,"candidatesTokenCount":-4})"));
  EXPECT_EQ(partial.completion_tokens, 0);
  EXPECT_EQ(partial.total_tokens, 3);
  Usage huge = read_usage(Json::parse(
      R"({"promptTokenCount":9223372036854775807,"toolUsePromptTokenCount":9223372036854775807})"));
  EXPECT_EQ(huge.prompt_tokens, std::numeric_limits<std::int64_t>::max());
}

TEST(GeminiResponseReaderTest, PartsOfEveryKind) {
  auto frame = read(R"({"responseId":"r1","modelVersion":"gemini-x","candidates":[{"index":1,
    "content":{"role":"model","parts":[{"text":"plan","thought":true},{"text":"Hi"},
      {"thoughtSignature":"abc"},{"inlineData":{"mimeType":"image/png","data":"x"}},
      {"functionCall":{"name":"f","args":{"b":1,"a":[2]}},"thoughtSignature":"sig"},
      {"functionCall":{"id":"given","name":"g"}}]},
    "finishReason":"STOP"}]})");
  ASSERT_TRUE(frame.ok()) << frame.error().message;
  EXPECT_EQ(frame->id, "r1");
  EXPECT_EQ(frame->model, "gemini-x");
  ASSERT_EQ(frame->candidates.size(), 1u);
  const ResponseCandidate& c = frame->candidates[0];
  EXPECT_EQ(c.index, 1);
  EXPECT_EQ(c.finish_reason, "STOP");
  ASSERT_EQ(c.parts.size(), 4u);
  EXPECT_EQ(c.parts[0].kind, ResponsePart::Kind::reasoning);
  EXPECT_EQ(c.parts[1].text, "Hi");
  EXPECT_EQ(c.parts[2].arguments, R"({"b":1,"a":[2]})");  // order as sent
  EXPECT_EQ(c.parts[2].thought_signature, "sig");
  EXPECT_EQ(c.parts[3].call_id, "given");
  EXPECT_EQ(c.parts[3].thought_signature, "");
  EXPECT_EQ(c.parts[3].arguments, "{}");
}

TEST(GeminiResponseReaderTest, MissingIndexIsThePosition) {
  auto frame = read(R"({"candidates":[{},{"content":{}},{"content":{"parts":null}}]})");
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame->candidates[2].index, 2);
}

TEST(GeminiResponseReaderTest, WrongTypesAreProtocolErrors) {
  for (
      const char* body : {
          R"([])",
          R"({"candidates":{}})",
          R"({"candidates":[1]})",
          R"({"candidates":[{"index":"0"}]})",
          R"({"candidates":[{"index":-1}]})",
          R"({"candidates":[{"index":64}]})",
          R"({"candidates":[{"finishReason":1}]})",
          R"({"candidates":[{"content":[]}]})",
          R"({"candidates":[{"content":{"parts":{}}}]})",
          R"({"candidates":[{"content":{"parts":[7]}}]})",
          R"({"candidates":[{"content":{"parts":[{"text":1}]}}]})",
          R"({"candidates":[{"content":{"parts":[{"functionCall":{"args":{}}}]}}]})",
          R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":[]}}]}}]})",
          R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"f"},"thoughtSignature":1}]}}]})",
          R"({"usageMetadata":[]})",
          R"({"error":"boom"})",
      }) {
    auto frame = read(body);
    ASSERT_FALSE(frame.ok()) << body;
    EXPECT_EQ(frame.error().kind, ErrorKind::upstream_protocol) << body;
  }
}

TEST(GeminiResponseReaderTest, ErrorObjectAndBlockReason) {
  auto error = read(R"({"error":{"code":500,"message":"boom","status":"INTERNAL"}})");
  ASSERT_TRUE(error.ok());
  ASSERT_TRUE(error->error);
  EXPECT_EQ(error->error->message, "boom");
  auto blocked = read(R"({"promptFeedback":{"blockReason":"SAFETY"}})");
  ASSERT_TRUE(blocked.ok());
  EXPECT_EQ(blocked->block_reason, "SAFETY");
}

}  // namespace
}  // namespace llmgw::providers::gemini
