#include "providers/openai/chat_decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace llmgw::providers::openai {
namespace {

using canonical::FinishReason;

TEST(OpenAiChatDecoderTest, TextToolCallsReasoningAndUsage) {
  auto response = decode_chat_completion(R"({
    "id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
    "choices":[
      {"index":0,"message":{"role":"assistant","content":"Hello","reasoning_content":"hmm",
                            "refusal":null},"finish_reason":"stop","logprobs":null},
      {"index":1,"message":{"role":"assistant","content":null,"tool_calls":[
        {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},
        {"type":"function","function":{"name":"get_time","arguments":{"tz":"UTC"}}}]},
       "finish_reason":"tool_calls"}],
    "usage":{"prompt_tokens":812,"completion_tokens":19,"total_tokens":831,
             "prompt_tokens_details":{"cached_tokens":768,"cache_write_tokens":10},
             "completion_tokens_details":{"reasoning_tokens":5}}})");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->id, "chatcmpl-9");
  EXPECT_EQ(response->model, "gpt-4o-2024-08-06");
  ASSERT_EQ(response->choices.size(), 2u);
  const auto& first = response->choices[0];
  EXPECT_EQ(first.text, "Hello");
  EXPECT_EQ(first.reasoning, "hmm");
  EXPECT_EQ(first.finish, FinishReason::stop);
  const auto& second = response->choices[1];
  EXPECT_EQ(second.index, 1);
  EXPECT_EQ(second.text, "");
  EXPECT_EQ(second.finish, FinishReason::tool_calls);
  ASSERT_EQ(second.tool_calls.size(), 2u);
  EXPECT_EQ(second.tool_calls[0].id, "call_a");
  EXPECT_EQ(second.tool_calls[0].name, "get_weather");
  EXPECT_EQ(second.tool_calls[0].arguments, "{\"city\":\"Oslo\"}");
  EXPECT_EQ(second.tool_calls[1].id, "call_chatcmpl-9_1_1");
  EXPECT_EQ(second.tool_calls[1].arguments, "{\"tz\":\"UTC\"}");
  ASSERT_TRUE(response->usage.has_value());
  EXPECT_EQ(response->usage->prompt_tokens, 812);
  EXPECT_EQ(response->usage->cached_tokens, 768);
  EXPECT_EQ(response->usage->cache_write_tokens, 10);
  EXPECT_EQ(response->usage->reasoning_tokens, 5);
  EXPECT_EQ(response->usage->total_tokens, 831);
}

TEST(OpenAiChatDecoderTest, ContentPartsRefusalAndOllamaReasoning) {
  auto response = decode_chat_completion(R"({"choices":[
    {"message":{"content":[{"type":"text","text":"a"},{"type":"refusal","refusal":"b"}]}},
    {"message":{"content":null,"refusal":"no"},"finish_reason":"content_filter"},
    {"message":{"content":"x","reasoning":"r"},"finish_reason":"insufficient_system_resource"},
    {"message":{"content":"","function_call":{"name":"old","arguments":"{}"}},"finish_reason":"function_call"}]})");
  ASSERT_TRUE(response.ok()) << response.error().message;
  ASSERT_EQ(response->choices.size(), 4u);
  EXPECT_EQ(response->choices[0].text, "ab");
  EXPECT_EQ(response->choices[0].finish, FinishReason::none);
  EXPECT_EQ(response->choices[1].index, 1);
  EXPECT_EQ(response->choices[1].text, "no");
  EXPECT_EQ(response->choices[1].finish, FinishReason::content_filter);
  EXPECT_EQ(response->choices[2].reasoning, "r");
  EXPECT_EQ(response->choices[2].finish, FinishReason::stop);
  ASSERT_EQ(response->choices[3].tool_calls.size(), 1u);
  EXPECT_EQ(response->choices[3].tool_calls[0].name, "old");
  EXPECT_EQ(response->choices[3].tool_calls[0].id, "call_0_3_0");
  EXPECT_EQ(response->choices[3].finish, FinishReason::tool_calls);
  EXPECT_FALSE(response->usage.has_value());
}

TEST(OpenAiChatDecoderTest, AzureFilterAnnotationsAreIgnored) {
  auto response = decode_chat_completion(R"({"id":"az","model":"gpt-4o",
    "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
    "choices":[{"index":0,"content_filter_results":{"hate":{"filtered":true,"severity":"high"}},
                "message":{"role":"assistant","content":"Par"},"finish_reason":"content_filter"}]})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->choices[0].text, "Par");
  EXPECT_EQ(response->choices[0].finish, FinishReason::content_filter);
}

TEST(OpenAiChatDecoderTest, ErrorBodyInA200IsThatError) {
  auto response = decode_chat_completion(R"({"error":{"message":"quota","code":429}})");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().kind, ErrorKind::upstream_status);
  EXPECT_EQ(response.error().http_status, 429);
  EXPECT_EQ(response.error().message, "quota");
}

TEST(OpenAiChatDecoderTest, MalformedBodiesAreProtocolErrors) {
  for (std::string body : std::vector<std::string>{
           "", "not json", "[1]", "{}", R"({"choices":{}})", R"({"choices":[1]})",
           R"({"choices":[{"message":"x"}]})", R"({"choices":[{"message":{"content":5}}]})",
           R"({"choices":[{"message":{"content":[1]}}]})",
           R"({"choices":[{"message":{"tool_calls":{}}}]})",
           R"({"choices":[{"message":{"tool_calls":[1]}}]})",
           R"({"choices":[{"message":{"tool_calls":[{"function":1}]}}]})",
           "{\"choices\":" + std::string(1000, '[') + std::string(1000, ']') + "}"}) {
    auto response = decode_chat_completion(body);
    ASSERT_FALSE(response.ok()) << body;
    EXPECT_EQ(response.error().kind, ErrorKind::upstream_protocol) << body;
    EXPECT_EQ(response.error().http_status, 502);
  }
}

TEST(OpenAiChatDecoderTest, LeadingWhitespaceAndOutOfRangeIndex) {
  auto response = decode_chat_completion(
      "\n\n{\"choices\":[{\"index\":99999999999,\"message\":{\"content\":\"x\"}}]}");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->choices[0].index, 0);  // falls back to the position
}

}  // namespace
}  // namespace llmgw::providers::openai
