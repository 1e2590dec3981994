#include "providers/anthropic/usage.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::anthropic {
namespace {

TEST(AnthropicUsageTest, CachedTokensCountAsPrompt) {
  auto usage = parse_usage(
      R"({"input_tokens":21,"output_tokens":40,"cache_creation_input_tokens":3,"cache_read_input_tokens":1800,"cache_creation":{"ephemeral_5m_input_tokens":3},"service_tier":"standard"})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->prompt_tokens, 1824);
  EXPECT_EQ(usage->completion_tokens, 40);
  EXPECT_EQ(usage->total_tokens, 1864);
  EXPECT_EQ(usage->cached_tokens, 1800);
  EXPECT_EQ(usage->cache_write_tokens, 3);
  EXPECT_EQ(usage->reasoning_tokens, 0);
}

TEST(AnthropicUsageTest, NotAnObject) {
  EXPECT_FALSE(parse_usage("[1]").has_value());
  EXPECT_FALSE(parse_usage("{\"input_tokens\":").has_value());
  EXPECT_FALSE(parse_usage("").has_value());
}

TEST(AnthropicUsageTest, StreamKeepsTheLatestNonNullValueOfEachField) {
  UsageAccumulator accumulator;
  accumulator.apply(Json::parse(
      R"({"input_tokens":30,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":5})"));
  accumulator.apply(Json::parse(R"({"output_tokens":12,"input_tokens":null})"));
  accumulator.apply(Json::parse(R"({"output_tokens":15,"cache_read_input_tokens":6})"));
  const Usage usage = accumulator.usage();
  EXPECT_EQ(usage.prompt_tokens, 36);
  EXPECT_EQ(usage.completion_tokens, 15);
  EXPECT_EQ(usage.total_tokens, 51);
  EXPECT_EQ(usage.cached_tokens, 6);
}

TEST(AnthropicUsageTest, WrongTypesAndNegativesAreIgnored) {
  UsageAccumulator accumulator;
  accumulator.apply(Json::parse(R"({"input_tokens":10,"output_tokens":2})"));
  accumulator.apply(Json::parse(
      R"({"input_tokens":"11","output_tokens":-3,"cache_read_input_tokens":true,"cache_creation_input_tokens":4.6})"));
  accumulator.apply(Json::parse("[1,2]"));
  const Usage usage = accumulator.usage();
  EXPECT_EQ(usage.prompt_tokens, 15);
  EXPECT_EQ(usage.completion_tokens, 2);
  EXPECT_EQ(usage.cache_write_tokens, 5);
}

TEST(AnthropicUsageTest, HugeCountsDoNotOverflow) {
  auto usage = parse_usage(
      R"({"input_tokens":18446744073709551615,"cache_read_input_tokens":18446744073709551615,"cache_creation_input_tokens":1e300,"output_tokens":9223372036854775807})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_GT(usage->prompt_tokens, 0);
  EXPECT_GT(usage->total_tokens, usage->prompt_tokens);
}

}  // namespace
}  // namespace llmgw::providers::anthropic
