#include "providers/openai/usage_parser.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace llmgw::providers::openai {
namespace {

TEST(OpenAiUsageParserTest, FullUsage) {
  auto usage = parse_usage(
      R"({"prompt_tokens":812,"completion_tokens":19,"total_tokens":831,"prompt_tokens_details":{"cached_tokens":768,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":4}})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->prompt_tokens, 812);
  EXPECT_EQ(usage->completion_tokens, 19);
  EXPECT_EQ(usage->total_tokens, 831);
  EXPECT_EQ(usage->cached_tokens, 768);
  EXPECT_EQ(usage->reasoning_tokens, 4);
}

TEST(OpenAiUsageParserTest, MissingFieldsAreZeroAndTotalIsTheSum) {
  auto usage = parse_usage(R"({"prompt_tokens":5,"completion_tokens":2})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->total_tokens, 7);
  EXPECT_EQ(usage->cached_tokens, 0);
  auto embeddings = parse_usage(R"({"prompt_tokens":5,"total_tokens":5})");
  EXPECT_EQ(embeddings->completion_tokens, 0);
  EXPECT_EQ(embeddings->total_tokens, 5);
  EXPECT_EQ(parse_usage(R"({"prompt_tokens":1,"total_tokens":null})")->total_tokens, 1);
}

TEST(OpenAiUsageParserTest, HostileValuesAreClamped) {
  auto usage = parse_usage(
      R"({"prompt_tokens":-5,"completion_tokens":"7","total_tokens":1e300,"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":18446744073709551615}})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->prompt_tokens, 0);
  EXPECT_EQ(usage->completion_tokens, 0);
  EXPECT_EQ(usage->total_tokens, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(usage->reasoning_tokens, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_usage(R"({"prompt_tokens":2.6})")->prompt_tokens, 3);
}

TEST(OpenAiUsageParserTest, NotAnObject) {
  EXPECT_FALSE(parse_usage("null").has_value());
  EXPECT_FALSE(parse_usage("[1]").has_value());
  EXPECT_FALSE(parse_usage("{").has_value());
}

TEST(OpenAiUsageParserTest, TopLevelUsageOnly) {
  EXPECT_EQ(find_top_level_usage(R"({"usage":{"prompt_tokens":3}})")->prompt_tokens, 3);
  EXPECT_FALSE(find_top_level_usage(R"({"x":{"usage":{"prompt_tokens":3}}})").has_value());
  EXPECT_FALSE(find_top_level_usage(R"({"usage":null})").has_value());
  EXPECT_FALSE(find_top_level_usage("garbage").has_value());
}

}  // namespace
}  // namespace llmgw::providers::openai

namespace llmgw::providers::openai {
namespace {

TEST(OpenAiUsageParserTest, CacheWriteTokensAndParsedValues) {
  auto usage = parse_usage(
      R"({"prompt_tokens":10,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":3,"cache_write_tokens":4}})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->cached_tokens, 3);
  EXPECT_EQ(usage->cache_write_tokens, 4);
  EXPECT_FALSE(usage_from_json(nlohmann::json::array()).has_value());
  auto parsed = usage_from_json(nlohmann::json::parse(R"({"prompt_tokens":1})"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->total_tokens, 1);
}

}  // namespace
}  // namespace llmgw::providers::openai
