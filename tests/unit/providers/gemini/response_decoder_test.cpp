#include "providers/gemini/response_decoder.hpp"

#include <gtest/gtest.h>

#include "providers/gemini/thought_signature.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::FinishReason;

TEST(GeminiResponseDecoderTest, TextReasoningAndUsage) {
  auto response = decode_chat_response(R"({"candidates":[{"content":{"role":"model","parts":[
      {"text":"Let me think","thought":true},{"text":"Hello"},{"text":", world"}]},
      "finishReason":"STOP","index":0}],
    "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":3,"thoughtsTokenCount":4,"totalTokenCount":17},
    "modelVersion":"gemini-2.5-flash","responseId":"resp-1"})");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->id, "resp-1");
  EXPECT_EQ(response->model, "gemini-2.5-flash");
  ASSERT_EQ(response->choices.size(), 1u);
  EXPECT_EQ(response->choices[0].text, "Hello, world");
  EXPECT_EQ(response->choices[0].reasoning, "Let me think");
  EXPECT_EQ(response->choices[0].finish, FinishReason::stop);
  ASSERT_TRUE(response->usage);
  EXPECT_EQ(response->usage->completion_tokens, 7);
  EXPECT_EQ(response->usage->reasoning_tokens, 4);
}

TEST(GeminiResponseDecoderTest, ToolCallsGetIdsCountingAcrossCandidates) {
  auto response = decode_chat_response(R"({"candidates":[
    {"index":0,"content":{"parts":[{"functionCall":{"name":"a","args":{"x":1}}},
                                   {"functionCall":{"name":"b","args":{}}}]},"finishReason":"STOP"},
    {"index":1,"content":{"parts":[{"functionCall":{"id":"own","name":"c"}}]}}]})");
  ASSERT_TRUE(response.ok());
  ASSERT_EQ(response->choices.size(), 2u);
  const auto& first = response->choices[0];
  ASSERT_EQ(first.tool_calls.size(), 2u);
  EXPECT_EQ(first.tool_calls[0].id, "call_0");
  EXPECT_EQ(first.tool_calls[0].name, "a");
  EXPECT_EQ(first.tool_calls[0].arguments, R"({"x":1})");
  EXPECT_EQ(first.tool_calls[1].id, "call_1");
  EXPECT_EQ(first.finish, FinishReason::tool_calls);
  const auto& second = response->choices[1];
  EXPECT_EQ(second.index, 1);
  EXPECT_EQ(second.tool_calls[0].id, "own");
  EXPECT_EQ(second.finish, FinishReason::tool_calls);  // no finishReason: a finished STOP
  EXPECT_FALSE(response->usage);
}

TEST(GeminiResponseDecoderTest, ThoughtSignaturesRideInToolCallIds) {
  const std::string oversized(kMaxThoughtSignatureBytes + 1, 'A');
  auto response = decode_chat_response(R"({"candidates":[{"index":0,"content":{"parts":[
      {"functionCall":{"name":"a","args":{}},"thoughtSignature":"Cq8B+/9zAA=="},
      {"functionCall":{"id":"own","name":"b"},"thoughtSignature":"c2lnLWZha2Ut0"},
      {"functionCall":{"name":"c"}},
      {"functionCall":{"name":"d"},"thoughtSignature":")" +
                                       oversized + R"("}]},
      "finishReason":"STOP"}]})");
  ASSERT_TRUE(response.ok()) << response.error().message;
  const auto& calls = response->choices[0].tool_calls;
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].id, "call_0__llmgw_ts__Cq8B-_9zAA");
  EXPECT_EQ(signature_from_id(calls[0].id), "Cq8B+/9zAA==");
  EXPECT_EQ(calls[1].id, "own__llmgw_ts__c2lnLWZha2Ut0");
  EXPECT_EQ(calls[2].id, "call_2");  // no signature: the id is as before
  EXPECT_EQ(calls[3].id, "call_3");  // over the bound: dropped
}

TEST(GeminiResponseDecoderTest, SafetyFinishAndPromptBlock) {
  auto safety = decode_chat_response(
      R"({"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[]}]})");
  ASSERT_TRUE(safety.ok());
  EXPECT_EQ(safety->choices[0].finish, FinishReason::content_filter);
  EXPECT_EQ(safety->choices[0].text, "");

  auto blocked = decode_chat_response(
      R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":5,"totalTokenCount":5}})");
  ASSERT_TRUE(blocked.ok());
  ASSERT_EQ(blocked->choices.size(), 1u);
  EXPECT_EQ(blocked->choices[0].index, 0);
  EXPECT_EQ(blocked->choices[0].finish, FinishReason::content_filter);
  EXPECT_EQ(blocked->usage->prompt_tokens, 5);
}

TEST(GeminiResponseDecoderTest, BadBodies) {
  for (const char* body : {"", "not json", "{\"candidates\":[]}", "{}", "[1]", "{\"a\":1"}) {
    auto response = decode_chat_response(body);
    ASSERT_FALSE(response.ok()) << body;
    EXPECT_EQ(response.error().kind, ErrorKind::upstream_protocol) << body;
  }
  std::string deep(100000, '[');
  EXPECT_FALSE(decode_chat_response(deep + std::string(100000, ']')).ok());
}

TEST(GeminiResponseDecoderTest, ErrorInA200Body) {
  auto response = decode_chat_response(
      R"({"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}})");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().http_status, 503);
  EXPECT_EQ(response.error().message, "overloaded");
}

}  // namespace
}  // namespace llmgw::providers::gemini
