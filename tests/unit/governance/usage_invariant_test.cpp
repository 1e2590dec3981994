// Every provider's usage, as it comes off the wire, normalized to the Usage invariant
// (llmgw/core/usage.hpp) and priced by compute_cost. The functions called here are the ones
// both the streamed and the whole-response paths of each adapter go through.

#include <gtest/gtest.h>

#include "llmgw/governance/cost.hpp"
#include "providers/anthropic/usage.hpp"
#include "providers/bedrock/converse_response.hpp"
#include "providers/gemini/response_reader.hpp"
#include "providers/openai/usage_parser.hpp"

namespace llmgw::governance {
namespace {

void expect_invariant(const Usage& usage) {
  EXPECT_GE(usage.prompt_tokens, usage.cached_tokens + usage.cache_write_tokens);
  EXPECT_GE(usage.completion_tokens, usage.reasoning_tokens);
  EXPECT_EQ(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  EXPECT_FALSE(compute_cost(usage, ModelPrice{}).inconsistent_usage);
}

ModelPrice rates(std::int64_t input, std::int64_t output, std::optional<std::int64_t> cached,
                 std::optional<std::int64_t> cache_write = std::nullopt) {
  ModelPrice price;
  price.input = TokenPrice{input};
  price.output = TokenPrice{output};
  if (cached) price.cached_input = TokenPrice{*cached};
  if (cache_write) price.cache_write = TokenPrice{*cache_write};
  return price;
}

// providers.md §1: a chat completion that read 768 of its 812 prompt tokens from the cache.
TEST(UsageInvariantTest, OpenAiCachedTokensAreInsidePromptTokens) {
  constexpr std::string_view kUsage = R"({
    "prompt_tokens": 812, "completion_tokens": 19, "total_tokens": 831,
    "prompt_tokens_details": {"cached_tokens": 768, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                  "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}})";
  const auto fast = providers::openai::parse_usage(kUsage);  // relayed responses and streams
  const auto translated = providers::openai::usage_from_json(nlohmann::json::parse(kUsage));
  ASSERT_TRUE(fast.has_value());
  ASSERT_TRUE(translated.has_value());
  for (const Usage& usage : {*fast, *translated}) {
    EXPECT_EQ(usage.prompt_tokens, 812);
    EXPECT_EQ(usage.cached_tokens, 768);
    EXPECT_EQ(usage.completion_tokens, 19);
    expect_invariant(usage);
    // gpt-4o: 44 × 2.50 + 768 × 1.25 + 19 × 10.00 (USD per million tokens).
    const auto cost = compute_cost(usage, rates(2'500'000, 10'000'000, 1'250'000));
    EXPECT_EQ(cost.pico_usd, 44 * 2'500'000LL + 768 * 1'250'000LL + 19 * 10'000'000LL);
    EXPECT_EQ(format_usd(cost.pico_usd), "0.00126");
  }
}

// The usage chunk of a stream (stream_options.include_usage), and an o-series answer whose
// reasoning tokens are inside completion_tokens.
TEST(UsageInvariantTest, OpenAiReasoningTokensAreInsideCompletionTokens) {
  const auto usage = providers::openai::find_top_level_usage(
      R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"o4-mini-2025-04-16","choices":[],"usage":{"prompt_tokens":75,"completion_tokens":1186,"total_tokens":1261,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":1024,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->completion_tokens, 1186);
  EXPECT_EQ(usage->reasoning_tokens, 1024);
  expect_invariant(*usage);
  // o4-mini bills reasoning as output: 75 × 1.10 + 1186 × 4.40.
  EXPECT_EQ(compute_cost(*usage, rates(1'100'000, 4'400'000, 275'000)).pico_usd,
            75 * 1'100'000LL + 1186 * 4'400'000LL);
}

// Azure OpenAI answers in OpenAI's shape and goes through the same parser.
TEST(UsageInvariantTest, AzureUsesTheOpenAiShape) {
  const auto usage = providers::openai::find_top_level_usage(
      R"({"choices":[{"finish_reason":"stop","index":0,"message":{"content":"Hi","role":"assistant"}}],"created":1,"id":"chatcmpl-2","model":"gpt-4o-2024-11-20","object":"chat.completion","usage":{"completion_tokens":2,"completion_tokens_details":{"accepted_prediction_tokens":0,"audio_tokens":0,"reasoning_tokens":0,"rejected_prediction_tokens":0},"prompt_tokens":1536,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":1280},"total_tokens":1538}})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->cached_tokens, 1280);
  expect_invariant(*usage);
}

// providers.md §2: input_tokens leaves cache reads and writes out; the adapter adds them.
TEST(UsageInvariantTest, AnthropicCacheCountsAreAddedToThePrompt) {
  const auto usage = providers::anthropic::parse_usage(
      R"({"input_tokens": 21, "output_tokens": 40, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 1800, "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0}, "service_tier": "standard"})");
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->prompt_tokens, 1821);
  EXPECT_EQ(usage->cached_tokens, 1800);
  expect_invariant(*usage);
  // claude-sonnet-4-5: 21 × 3 + 1800 × 0.30 + 40 × 15.
  const auto sonnet = rates(3'000'000, 15'000'000, 300'000, 3'750'000);
  EXPECT_EQ(format_usd(compute_cost(*usage, sonnet).pico_usd), "0.001203");
}

TEST(UsageInvariantTest, AnthropicStreamCombinesStartAndCumulativeDelta) {
  providers::anthropic::UsageAccumulator stream;
  stream.apply(providers::anthropic::Json::parse(
      R"({"input_tokens":5,"cache_creation_input_tokens":2048,"cache_read_input_tokens":0,"output_tokens":1})"));
  stream.apply(providers::anthropic::Json::parse(
      R"({"input_tokens":5,"cache_creation_input_tokens":2048,"cache_read_input_tokens":0,"output_tokens":120})"));
  const Usage usage = stream.usage();
  EXPECT_EQ(usage.prompt_tokens, 2053);
  EXPECT_EQ(usage.cache_write_tokens, 2048);
  EXPECT_EQ(usage.completion_tokens, 120);  // thinking included: Anthropic reports no split
  expect_invariant(usage);
  const auto sonnet = rates(3'000'000, 15'000'000, 300'000, 3'750'000);
  EXPECT_EQ(compute_cost(usage, sonnet).pico_usd,
            5 * 3'000'000LL + 2048 * 3'750'000LL + 120 * 15'000'000LL);
}

// providers.md §3: candidatesTokenCount leaves thoughtsTokenCount out; the adapter adds it.
TEST(UsageInvariantTest, GeminiThoughtsAreAddedToTheCompletion) {
  const auto usage = providers::gemini::read_usage(providers::gemini::Json::parse(
      R"({"promptTokenCount": 120, "candidatesTokenCount": 18, "thoughtsTokenCount": 64, "cachedContentTokenCount": 0, "totalTokenCount": 202})"));
  EXPECT_EQ(usage.prompt_tokens, 120);
  EXPECT_EQ(usage.completion_tokens, 82);
  EXPECT_EQ(usage.reasoning_tokens, 64);
  expect_invariant(usage);
  // gemini-2.5-flash: thinking is billed as output.
  EXPECT_EQ(compute_cost(usage, rates(300'000, 2'500'000, 30'000)).pico_usd,
            120 * 300'000LL + 82 * 2'500'000LL);
}

// cachedContentTokenCount is inside promptTokenCount.
TEST(UsageInvariantTest, GeminiCachedContentIsInsideThePrompt) {
  const auto usage = providers::gemini::read_usage(providers::gemini::Json::parse(
      R"({"promptTokenCount": 11500, "candidatesTokenCount": 1000, "totalTokenCount": 22500, "cachedContentTokenCount": 10000, "thoughtsTokenCount": 10000})"));
  EXPECT_EQ(usage.prompt_tokens, 11500);
  EXPECT_EQ(usage.cached_tokens, 10000);
  EXPECT_EQ(usage.completion_tokens, 11000);
  expect_invariant(usage);
  // gemini-2.5-pro below 200k: 1500 × 1.25 + 10000 × 0.125 + 11000 × 10.
  EXPECT_EQ(compute_cost(usage, rates(1'250'000, 10'000'000, 125'000)).pico_usd,
            1500 * 1'250'000LL + 10000 * 125'000LL + 11000 * 10'000'000LL);
}

// AWS's prompt-caching example: inputTokens leaves the cache write out (totalTokens does not).
TEST(UsageInvariantTest, BedrockCacheCountsAreAddedToThePrompt) {
  const auto usage = providers::bedrock::parse_usage(canonical::Json::parse(
      R"({"inputTokens": 12, "outputTokens": 48, "totalTokens": 5737, "cacheReadInputTokens": 0, "cacheWriteInputTokens": 5677})"));
  ASSERT_TRUE(usage.has_value());
  EXPECT_EQ(usage->prompt_tokens, 5689);
  EXPECT_EQ(usage->cache_write_tokens, 5677);
  EXPECT_EQ(usage->total_tokens, 5737);
  expect_invariant(*usage);
}

}  // namespace
}  // namespace llmgw::governance
