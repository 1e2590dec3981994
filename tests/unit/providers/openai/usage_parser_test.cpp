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

namespace llmgw::providers::openai {
namespace {

// parse_usage reads the text with the scanner (fast path) and usage_from_json a DOM
// (translated path): both must clamp and default the same way.
TEST(OpenAiUsageParserTest, ScannerAndDomReadTheSameNumbers) {
  for (const char* value : {"0",
                            "7",
                            "-3",
                            "2.6",
                            "2.4",
                            "1e3",
                            "1.5E2",
                            "-0.0",
                            "9223372036854775807",
                            "9223372036854775808",
                            "18446744073709551616",
                            "-9223372036854775809",
                            "123456789012345678901234567890",
                            "0.0000001",
                            "1e-400",
                            "\"5\"",
                            "null",
                            "true",
                            "[1]",
                            "{}"}) {
    const std::string text = std::string(R"({"prompt_tokens":)") + value +
                             R"(,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":)" +
                             value + "}}";
    const auto scanned = parse_usage(text);
    const auto dom = usage_from_json(nlohmann::json::parse(text));
    ASSERT_TRUE(scanned.has_value()) << text;
    ASSERT_TRUE(dom.has_value()) << text;
    EXPECT_EQ(scanned->prompt_tokens, dom->prompt_tokens) << value;
    EXPECT_EQ(scanned->cached_tokens, dom->cached_tokens) << value;
    EXPECT_EQ(scanned->total_tokens, dom->total_tokens) << value;
  }
  // Past double's range a DOM parser refuses the whole object; the scanner counts zero.
  EXPECT_EQ(parse_usage(R"({"prompt_tokens":1e400})")->prompt_tokens, 0);
  EXPECT_EQ(parse_usage(R"({"prompt_tokens":-1e400})")->prompt_tokens, 0);
}

}  // namespace
}  // namespace llmgw::providers::openai
