#include "llmgw/governance/price_table.hpp"

#include <gtest/gtest.h>

namespace llmgw::governance {
namespace {

using config::PriceEntry;
using config::ProviderKind;

PriceEntry entry(PriceEntry::Scope type, std::string scope, std::string model, std::int64_t input,
                 std::vector<std::string> aliases = {}) {
  PriceEntry e;
  e.scope_type = type;
  e.scope = std::move(scope);
  e.model = std::move(model);
  e.aliases = std::move(aliases);
  e.price.input = TokenPrice{input};
  e.price.output = TokenPrice{input * 4};
  return e;
}

PriceEntry by_kind(std::string kind, std::string model, std::int64_t input,
                   std::vector<std::string> aliases = {}) {
  return entry(PriceEntry::Scope::kind, std::move(kind), std::move(model), input,
               std::move(aliases));
}

PriceEntry by_provider(std::string provider, std::string model, std::int64_t input) {
  return entry(PriceEntry::Scope::provider, std::move(provider), std::move(model), input);
}

PriceTable table() {
  config::PricingConfig pricing;
  pricing.entries = {
      by_kind("openai", "gpt-4o", 2'500'000, {"gpt-4o-2024-08-06"}),
      by_kind("openai", "gpt-4o-2024-05-13", 5'000'000),
      by_kind("anthropic", "claude-sonnet-4-5", 3'000'000, {"claude-sonnet-4-5-20250929"}),
      by_provider("azure-east", "prod-4o", 2'750'000),
      by_provider("local", "*", 0),
      by_provider("openai", "gpt-4o", 1'000'000),  // A negotiated price for one provider.
  };
  return PriceTable(pricing);
}

std::int64_t input_price(const std::optional<PriceLookup>& found) {
  return found ? found->price->input.pico_usd_per_token : -1;
}

TEST(PriceTableTest, ExactNameOfTheProvidersKind) {
  const auto prices = table();
  const auto found = prices.find("openai-eu", ProviderKind::openai, "gpt-4o");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(input_price(found), 2'500'000);
  EXPECT_EQ(found->listed_as, "gpt-4o");
  EXPECT_EQ(found->scope, "openai");
  EXPECT_EQ(found->match, PriceMatch::exact);
}

TEST(PriceTableTest, ListedAliasesOnlyNeverPrefixesOrDates) {
  const auto prices = table();
  const auto alias = prices.find("oa", ProviderKind::openai, "gpt-4o-2024-08-06");
  ASSERT_TRUE(alias.has_value());
  EXPECT_EQ(alias->match, PriceMatch::alias);
  EXPECT_EQ(alias->listed_as, "gpt-4o");
  // A snapshot listed on its own keeps its own price.
  EXPECT_EQ(input_price(prices.find("oa", ProviderKind::openai, "gpt-4o-2024-05-13")), 5'000'000);
  for (const char* unlisted :
       {"gpt-4o-2024-11-20", "gpt-4o-mini", "GPT-4o", "gpt-4", "gpt-4o ", "openai/gpt-4o", ""}) {
    EXPECT_FALSE(prices.find("oa", ProviderKind::openai, unlisted).has_value()) << unlisted;
  }
}

TEST(PriceTableTest, KindsDoNotShareLists) {
  const auto prices = table();
  // An Azure deployment or an OpenAI-compatible server named like an OpenAI model is not
  // priced from OpenAI's list.
  EXPECT_FALSE(prices.find("az", ProviderKind::azure_openai, "gpt-4o").has_value());
  EXPECT_FALSE(prices.find("vllm", ProviderKind::openai_compatible, "gpt-4o").has_value());
  EXPECT_FALSE(prices.find("br", ProviderKind::bedrock, "claude-sonnet-4-5").has_value());
  EXPECT_TRUE(
      prices.find("claude", ProviderKind::anthropic, "claude-sonnet-4-5-20250929").has_value());
}

TEST(PriceTableTest, TheProvidersOwnPricesComeFirst) {
  const auto prices = table();
  const auto own = prices.find("openai", ProviderKind::openai, "gpt-4o");
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(input_price(own), 1'000'000);
  EXPECT_EQ(own->scope, "openai");
  // The provider's own list does not hide the kind's list for other models.
  EXPECT_EQ(input_price(prices.find("openai", ProviderKind::openai, "gpt-4o-2024-05-13")),
            5'000'000);
  EXPECT_EQ(input_price(prices.find("azure-east", ProviderKind::azure_openai, "prod-4o")),
            2'750'000);
}

TEST(PriceTableTest, WildcardCoversTheRestOfItsScope) {
  const auto prices = table();
  const auto any = prices.find("local", ProviderKind::openai_compatible, "llama3.2");
  ASSERT_TRUE(any.has_value());
  EXPECT_EQ(any->match, PriceMatch::wildcard);
  EXPECT_EQ(any->listed_as, "*");
  EXPECT_EQ(input_price(any), 0);
  EXPECT_FALSE(prices.find("other", ProviderKind::openai_compatible, "llama3.2").has_value());
}

TEST(PriceTableTest, EmptyTablePricesNothing) {
  const PriceTable prices;
  EXPECT_EQ(prices.size(), 0u);
  EXPECT_FALSE(prices.find("openai", ProviderKind::openai, "gpt-4o").has_value());
}

TEST(PriceTableTest, CopiesAnswerFromTheirOwnEntries) {
  std::optional<PriceTable> original(table());
  const PriceTable copy = *original;
  original.reset();
  const auto found = copy.find("x", ProviderKind::anthropic, "claude-sonnet-4-5");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->listed_as, "claude-sonnet-4-5");
  EXPECT_EQ(copy.size(), 6u);
}

}  // namespace
}  // namespace llmgw::governance
