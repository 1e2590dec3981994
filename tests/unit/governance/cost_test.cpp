#include "llmgw/governance/cost.hpp"

#include <gtest/gtest.h>

namespace llmgw::governance {
namespace {

// Prices in micro-USD per million tokens (= pico-USD per token), so the expected costs below
// read as plain products.
ModelPrice price(std::int64_t input, std::int64_t output) {
  ModelPrice p;
  p.input = TokenPrice{input};
  p.output = TokenPrice{output};
  return p;
}

Usage usage(std::int64_t prompt, std::int64_t completion, std::int64_t cached = 0,
            std::int64_t cache_write = 0, std::int64_t reasoning = 0) {
  Usage u;
  u.prompt_tokens = prompt;
  u.completion_tokens = completion;
  u.cached_tokens = cached;
  u.cache_write_tokens = cache_write;
  u.reasoning_tokens = reasoning;
  return u;
}

TEST(CostTest, PlainInputAndOutput) {
  const auto cost = compute_cost(usage(1000, 500), price(2'500'000, 10'000'000));
  EXPECT_EQ(cost.pico_usd, 1000 * 2'500'000LL + 500 * 10'000'000LL);
  EXPECT_FALSE(cost.saturated);
  EXPECT_FALSE(cost.inconsistent_usage);
}

TEST(CostTest, EveryPartAtItsOwnRate) {
  ModelPrice p = price(3'000'000, 15'000'000);
  p.cached_input = TokenPrice{300'000};
  p.cache_write = TokenPrice{3'750'000};
  p.reasoning = TokenPrice{20'000'000};
  // 100 uncached + 800 cached + 100 written = 1000 prompt; 50 plain + 150 reasoning output.
  const auto cost = compute_cost(usage(1000, 200, 800, 100, 150), p);
  EXPECT_EQ(cost.pico_usd, 100 * 3'000'000LL + 800 * 300'000LL + 100 * 3'750'000LL +
                               50 * 15'000'000LL + 150 * 20'000'000LL);
  EXPECT_FALSE(cost.inconsistent_usage);
}

TEST(CostTest, AbsentPricesFallBackToListedOnesNeverToZero) {
  const ModelPrice p = price(2'000'000, 8'000'000);
  const auto cost = compute_cost(usage(1000, 300, 600, 100, 200), p);
  EXPECT_EQ(cost.pico_usd, 1000 * 2'000'000LL + 300 * 8'000'000LL);
}

TEST(CostTest, LongContextRatesApplyToTheWholeRequestAboveTheThreshold) {
  ModelPrice p = price(1'250'000, 10'000'000);
  p.cached_input = TokenPrice{125'000};
  TokenRates tier;
  tier.input = TokenPrice{2'500'000};
  tier.output = TokenPrice{15'000'000};
  tier.cached_input = TokenPrice{250'000};
  p.long_context_above = 200'000;
  p.long_context = tier;
  EXPECT_EQ(compute_cost(usage(200'000, 10, 50'000), p).pico_usd,
            150'000 * 1'250'000LL + 50'000 * 125'000LL + 10 * 10'000'000LL);
  EXPECT_EQ(compute_cost(usage(200'001, 10, 50'000), p).pico_usd,
            150'001 * 2'500'000LL + 50'000 * 250'000LL + 10 * 15'000'000LL);
}

TEST(CostTest, ZeroUsageCostsNothing) {
  EXPECT_EQ(compute_cost(Usage{}, price(2'500'000, 10'000'000)), Cost{});
}

TEST(CostTest, CachePartsLargerThanThePromptAreTrustedAndTheRemainderClamped) {
  ModelPrice p = price(3'000'000, 15'000'000);
  p.cached_input = TokenPrice{300'000};
  p.cache_write = TokenPrice{3'750'000};
  // A server that reports Anthropic-style exclusive counts in OpenAI fields.
  const auto cost = compute_cost(usage(100, 10, 1000, 50), p);
  EXPECT_EQ(cost.pico_usd, 1000 * 300'000LL + 50 * 3'750'000LL + 10 * 15'000'000LL);
  EXPECT_TRUE(cost.inconsistent_usage);
}

TEST(CostTest, ReasoningOutsideCompletionIsBilledNotSubtracted) {
  // Servers that leave reasoning out of completion_tokens: 5 answer tokens, 300 reasoning.
  const auto cost = compute_cost(usage(10, 5, 0, 0, 300), price(1'000'000, 4'000'000));
  EXPECT_EQ(cost.pico_usd, 10 * 1'000'000LL + 300 * 4'000'000LL);
  EXPECT_TRUE(cost.inconsistent_usage);
}

TEST(CostTest, NegativeCountsReadAsZero) {
  const auto cost = compute_cost(usage(-10, -5, -1, -1, -1), price(1'000'000, 4'000'000));
  EXPECT_EQ(cost.pico_usd, 0);
  EXPECT_TRUE(cost.inconsistent_usage);
}

TEST(CostTest, HugeCountsSaturateInsteadOfWrapping) {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const auto cost = compute_cost(usage(max, max, max, max, max), price(kMaxPicoUsdPerToken, 1));
  EXPECT_EQ(cost.pico_usd, kMaxPicoUsd);
  EXPECT_TRUE(cost.saturated);
  const auto fits = compute_cost(usage(1'000'000, 0), price(kMaxPicoUsdPerToken, 0));
  EXPECT_EQ(fits.pico_usd, 1'000'000 * kMaxPicoUsdPerToken);
  EXPECT_FALSE(fits.saturated);
}

TEST(CostTest, WithoutAPriceTheCostIsUnknownUnlessNothingWasConsumed) {
  const ModelPrice* none = nullptr;
  EXPECT_FALSE(compute_cost(usage(10, 1), none).has_value());
  EXPECT_FALSE(compute_cost(usage(0, 0, 0, 0, 1), none).has_value());
  EXPECT_EQ(compute_cost(Usage{}, none), Cost{});
  const ModelPrice p = price(1, 2);
  EXPECT_EQ(compute_cost(usage(10, 1), &p)->pico_usd, 12);
}

TEST(CostTest, AttemptsAddUpAndUnknownStaysUnknown) {
  const std::optional<Cost> a = Cost{100, false, false};
  const std::optional<Cost> b = Cost{kMaxPicoUsd, false, true};
  const auto sum = add_costs(a, b);
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(sum->pico_usd, kMaxPicoUsd);
  EXPECT_TRUE(sum->saturated);
  EXPECT_TRUE(sum->inconsistent_usage);
  EXPECT_EQ(add_costs(a, Cost{}), a);
  EXPECT_FALSE(add_costs(a, std::nullopt).has_value());
  EXPECT_FALSE(add_costs(std::nullopt, a).has_value());
}

}  // namespace
}  // namespace llmgw::governance
