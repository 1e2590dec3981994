#include "providers/bedrock/converse_response.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace llmgw::providers::bedrock {
namespace {

using canonical::FinishReason;
using canonical::Json;

TEST(BedrockConverseResponse, TextToolUseReasoningStopReasonAndUsage) {
  const auto response = decode_converse_response(R"({
    "output":{"message":{"role":"assistant","content":[
      {"reasoningContent":{"reasoningText":{"text":"Think.","signature":"sig"}}},
      {"text":"Checking."},
      {"citationsContent":{"citations":[]}},
      {"toolUse":{"toolUseId":"tooluse_2","name":"get_weather","input":{"city":"Bergen"}}}]}},
    "stopReason":"tool_use",
    "usage":{"inputTokens":210,"outputTokens":31,"totalTokens":241,
             "cacheReadInputTokens":100,"cacheWriteInputTokens":7},
    "metrics":{"latencyMs":812}})");
  ASSERT_TRUE(response.ok()) << response.error().message;
  ASSERT_EQ(response->choices.size(), 1U);
  const canonical::Choice& choice = response->choices[0];
  EXPECT_EQ(choice.text, "Checking.");
  EXPECT_EQ(choice.reasoning, "Think.");
  ASSERT_EQ(choice.tool_calls.size(), 1U);
  EXPECT_EQ(choice.tool_calls[0].id, "tooluse_2");
  EXPECT_EQ(choice.tool_calls[0].name, "get_weather");
  EXPECT_EQ(choice.tool_calls[0].arguments, R"({"city":"Bergen"})");
  EXPECT_EQ(choice.finish, FinishReason::tool_calls);
  ASSERT_TRUE(response->usage.has_value());
  EXPECT_EQ(response->usage->prompt_tokens, 317);
  EXPECT_EQ(response->usage->completion_tokens, 31);
  EXPECT_EQ(response->usage->total_tokens, 348);
  EXPECT_EQ(response->usage->cached_tokens, 100);
  EXPECT_EQ(response->usage->cache_write_tokens, 7);
  EXPECT_TRUE(response->id.empty());
}

TEST(BedrockConverseResponse, StopReasonsFollowTheCrossProviderTable) {
  EXPECT_EQ(finish_reason("end_turn"), FinishReason::stop);
  EXPECT_EQ(finish_reason("stop_sequence"), FinishReason::stop_sequence);
  EXPECT_EQ(finish_reason("max_tokens"), FinishReason::length);
  EXPECT_EQ(finish_reason("model_context_window_exceeded"), FinishReason::length);
  EXPECT_EQ(finish_reason("tool_use"), FinishReason::tool_calls);
  EXPECT_EQ(finish_reason("guardrail_intervened"), FinishReason::content_filter);
  EXPECT_EQ(finish_reason("content_filtered"), FinishReason::content_filter);
  EXPECT_EQ(finish_reason("malformed_tool_use"), FinishReason::stop);
  EXPECT_EQ(finish_reason("something_new"), FinishReason::stop);
}

TEST(BedrockConverseResponse, UsageCountsAreClampedAndSaturated) {
  const auto usage = parse_usage(Json::parse(
      R"({"inputTokens":-5,"outputTokens":"x","cacheReadInputTokens":9223372036854775807,
          "cacheWriteInputTokens":3})"));
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->completion_tokens, 0);
  EXPECT_EQ(usage->prompt_tokens, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(usage->total_tokens, std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(parse_usage(Json::array()).has_value());
}

TEST(BedrockConverseResponse, MissingInputMeansEmptyArguments) {
  const auto response = decode_converse_response(
      R"({"output":{"message":{"content":[{"toolUse":{"toolUseId":"t","name":"f"}}]}},
          "stopReason":"tool_use"})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->choices[0].tool_calls[0].arguments, "{}");
  EXPECT_FALSE(response->usage.has_value());
}

TEST(BedrockConverseResponse, WrongShapesAreProtocolErrors) {
  for (const char* body : {
           "",
           "not json",
           "[]",
           R"({"output":{}})",
           R"({"output":{"message":{"content":{}}}})",
           R"({"output":{"message":{"content":[1]}}})",
           R"({"output":{"message":{"content":[{"toolUse":{"name":"f"}}]}}})",
       }) {
    const auto response = decode_converse_response(body);
    ASSERT_FALSE(response.ok()) << body;
    EXPECT_EQ(response.error().kind, ErrorKind::upstream_protocol) << body;
  }
  EXPECT_FALSE(decode_converse_response(std::string(100000, '[')).ok());
}

}  // namespace
}  // namespace llmgw::providers::bedrock
