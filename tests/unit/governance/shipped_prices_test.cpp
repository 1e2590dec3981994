// config/prices.yaml, the default price list: it loads cleanly, it is what the binary
// embeds, and a few prices that later code relies on in examples are what the file says.
#include <gtest/gtest.h>

#include <filesystem>

#include "config/config_test_support.hpp"
#include "llmgw/config/loader.hpp"
#include "llmgw/config/pricing.hpp"
#include "llmgw/governance/cost.hpp"
#include "llmgw/governance/price_table.hpp"

namespace llmgw::governance {
namespace {

using config::ProviderKind;

const std::filesystem::path kPriceFile =
    std::filesystem::path(LLMGW_TEST_DATA_DIR).parent_path().parent_path() / "config" /
    "prices.yaml";

config::LoadResult load_shipped() {
  return config::parse_config("pricing:\n  file: " + kPriceFile.string() + "\n", "test.yaml",
                              config::testing::FakeEnv{}.lookup());
}

TEST(ShippedPricesTest, TheBinaryEmbedsTheFileAsItIsNow) {
  EXPECT_EQ(config::builtin_price_list(), config::testing::read_text(kPriceFile.string()))
      << "config/prices.yaml changed since the build: re-run cmake";
}

TEST(ShippedPricesTest, LoadsWithoutProblems) {
  const auto result = load_shipped();
  for (const auto& warning : result.warnings) {
    EXPECT_EQ(warning.find("pric"), std::string::npos) << warning;
  }
  EXPECT_GE(result.config->pricing.entries.size(), 30u);
  for (const auto& entry : result.config->pricing.entries) {
    EXPECT_EQ(entry.scope_type, config::PriceEntry::Scope::kind) << entry.model;
    EXPECT_GT(entry.price.input.pico_usd_per_token, 0) << entry.model;
  }
}

TEST(ShippedPricesTest, CoversTheCommonModels) {
  const auto result = load_shipped();
  const PriceTable table(result.config->pricing);
  struct Case {
    ProviderKind kind;
    const char* model;
  };
  for (const auto& [kind, model] : {
           Case{ProviderKind::openai, "gpt-4o"},
           Case{ProviderKind::openai, "gpt-4o-2024-08-06"},
           Case{ProviderKind::openai, "gpt-4o-mini"},
           Case{ProviderKind::openai, "gpt-4.1"},
           Case{ProviderKind::openai, "gpt-4.1-mini"},
           Case{ProviderKind::openai, "gpt-4.1-nano"},
           Case{ProviderKind::openai, "o3"},
           Case{ProviderKind::openai, "o4-mini"},
           Case{ProviderKind::openai, "text-embedding-3-small"},
           Case{ProviderKind::anthropic, "claude-sonnet-4-5"},
           Case{ProviderKind::anthropic, "claude-sonnet-4-20250514"},
           Case{ProviderKind::anthropic, "claude-haiku-4-5"},
           Case{ProviderKind::anthropic, "claude-opus-4-1"},
           Case{ProviderKind::anthropic, "claude-3-5-sonnet-latest"},
           Case{ProviderKind::anthropic, "claude-3-5-haiku-20241022"},
           Case{ProviderKind::gemini, "gemini-2.5-pro"},
           Case{ProviderKind::gemini, "gemini-2.5-flash"},
           Case{ProviderKind::gemini, "gemini-2.5-flash-lite"},
           Case{ProviderKind::gemini, "gemini-2.0-flash"},
       }) {
    EXPECT_TRUE(table.find("p", kind, model).has_value()) << model;
  }
}

TEST(ShippedPricesTest, ExampleCosts) {
  const auto result = load_shipped();
  const PriceTable table(result.config->pricing);
  auto cost_of = [&](ProviderKind kind, const char* model, Usage usage) {
    const auto found = table.find("p", kind, model);
    EXPECT_TRUE(found.has_value()) << model;
    return found ? format_usd(compute_cost(usage, *found->price).pico_usd) : "";
  };
  // 1M uncached input and 1M output: the list price pair.
  EXPECT_EQ(cost_of(ProviderKind::openai, "gpt-4o", {1'000'000, 1'000'000, 0, 0, 0, 0}), "12.5");
  // Half the prompt from the cache.
  EXPECT_EQ(cost_of(ProviderKind::openai, "gpt-4o-mini", {1'000'000, 0, 0, 500'000, 0, 0}),
            "0.1125");
  // Sonnet 4.5 above 200k prompt tokens: every token at the long-context rate.
  EXPECT_EQ(cost_of(ProviderKind::anthropic, "claude-sonnet-4-5", {300'000, 1'000, 0, 0, 0, 0}),
            "1.8225");
  EXPECT_EQ(cost_of(ProviderKind::gemini, "gemini-2.5-pro", {200'000, 1'000, 0, 0, 0, 0}), "0.26");
  EXPECT_EQ(cost_of(ProviderKind::gemini, "gemini-2.5-pro", {200'001, 1'000, 0, 0, 0, 0}),
            "0.5150025");
}

}  // namespace
}  // namespace llmgw::governance
