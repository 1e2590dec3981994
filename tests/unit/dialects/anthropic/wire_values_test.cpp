#include "dialects/anthropic/wire_values.hpp"

#include <gtest/gtest.h>

namespace llmgw::dialects::anthropic {
namespace {

using canonical::FinishReason;
using canonical::Json;

TEST(AnthropicWireValues, MessageIdKeepsAnthropicIdsOnly) {
  EXPECT_EQ(message_id("msg_01XYZ", "req1"), "msg_01XYZ");
  EXPECT_EQ(message_id("chatcmpl-abc", "req1"), "msg_req1");
  EXPECT_EQ(message_id("", "req1"), "msg_req1");
}

TEST(AnthropicWireValues, StopReasons) {
  auto reason = [](FinishReason r, std::string_view seq = {}, bool tools = false) {
    return std::string(stop_fields(r, seq, tools).stop_reason);
  };
  EXPECT_EQ(reason(FinishReason::stop), "end_turn");
  EXPECT_EQ(reason(FinishReason::length), "max_tokens");
  EXPECT_EQ(reason(FinishReason::tool_calls), "tool_use");
  EXPECT_EQ(reason(FinishReason::content_filter), "refusal");
  EXPECT_EQ(reason(FinishReason::none), "end_turn");
  EXPECT_EQ(reason(FinishReason::none, {}, true), "tool_use");
  EXPECT_EQ(reason(FinishReason::stop_sequence), "end_turn");  // matched string unknown

  StopFields matched = stop_fields(FinishReason::stop_sequence, "END", false);
  EXPECT_EQ(matched.stop_reason, "stop_sequence");
  EXPECT_EQ(matched.stop_sequence, Json("END"));
  EXPECT_TRUE(stop_fields(FinishReason::length, "END", false).stop_sequence.is_null());
}

TEST(AnthropicWireValues, UsageSplitsCachedInput) {
  Usage usage;
  usage.prompt_tokens = 2000;
  usage.cached_tokens = 1800;
  usage.cache_write_tokens = 100;
  usage.completion_tokens = 40;
  usage.total_tokens = 2040;
  EXPECT_EQ(usage_json(usage).dump(), R"({"input_tokens":100,"cache_creation_input_tokens":100,)"
                                      R"("cache_read_input_tokens":1800,"output_tokens":40})");
  usage.prompt_tokens = 10;  // inconsistent upstream counts never go negative
  EXPECT_EQ(usage_json(usage)["input_tokens"], 0);
}

TEST(AnthropicWireValues, ToolInputIsAlwaysAnObject) {
  EXPECT_EQ(tool_input(R"({"city":"Oslo"})").dump(), R"({"city":"Oslo"})");
  EXPECT_EQ(tool_input("").dump(), "{}");
  EXPECT_EQ(tool_input(R"({"city":)").dump(), "{}");
  EXPECT_EQ(tool_input("[1,2]").dump(), "{}");
  EXPECT_EQ(tool_input("1e999").dump(), "{}");
  std::string deep = R"({"a":)";
  for (int i = 0; i < 10000; ++i) deep += '[';
  EXPECT_EQ(tool_input(deep).dump(), "{}");
}

}  // namespace
}  // namespace llmgw::dialects::anthropic
