#include "llmgw/governance/money.hpp"

#include <gtest/gtest.h>

namespace llmgw::governance {
namespace {

std::optional<std::int64_t> price_of(std::string_view text, std::string* error = nullptr) {
  std::string message;
  auto price = parse_price(text, message);
  if (error != nullptr) *error = message;
  if (!price) return std::nullopt;
  return price->pico_usd_per_token;
}

std::string price_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(price_of(text, &error).has_value()) << text;
  return error;
}

TEST(MoneyTest, PricesAreMicroUsdPerMillionTokensWhichIsPicoUsdPerToken) {
  EXPECT_EQ(price_of("2.50"), 2'500'000);
  EXPECT_EQ(price_of("2.5"), 2'500'000);
  EXPECT_EQ(price_of("0.075"), 75'000);
  EXPECT_EQ(price_of("0.01875"), 18'750);
  EXPECT_EQ(price_of("0.000001"), 1);
  EXPECT_EQ(price_of("15"), 15'000'000);
  EXPECT_EQ(price_of("0"), 0);
  EXPECT_EQ(price_of("0.0"), 0);
  EXPECT_EQ(price_of("007.10"), 7'100'000);
  EXPECT_EQ(price_of("1000000"), kMaxPicoUsdPerToken);
  EXPECT_EQ(price_of("999999.999999"), kMaxPicoUsdPerToken - 1);
}

TEST(MoneyTest, PriceErrorsSayWhatIsWrong) {
  EXPECT_EQ(price_error(""), "must be a price in USD per million tokens, e.g. 2.50, not empty");
  EXPECT_EQ(price_error("-1"), "must not be negative (got \"-1\")");
  EXPECT_EQ(price_error("-0.5"), "must not be negative (got \"-0.5\")");
  EXPECT_EQ(price_error("0.0000001"),
            "has more than 6 decimals (got \"0.0000001\"); amounts are exact to 10^-6");
  EXPECT_EQ(price_error("1e-6"),
            "must be a price in USD per million tokens, e.g. 2.50 without an exponent (got "
            "\"1e-6\")");
  EXPECT_EQ(price_error("1000000.000001"),
            "must be at most 1000000 (USD per million tokens) (got \"1000000.000001\")");
  EXPECT_NE(price_error("99999999999999999999999999999999999999999").find("at most"),
            std::string::npos);
  for (const char* garbage : {"abc", "+1", "1.", ".5", "1..2", "1.2.3", " 1", "1 ", "2,50", "$2",
                              "0x10", "1_000", "inf", "nan", "１"}) {
    EXPECT_NE(price_error(garbage).find("must be a price"), std::string::npos) << garbage;
  }
}

TEST(MoneyTest, LongGarbageIsEchoedOnlyInPart) {
  const std::string long_text(500, 'x');
  const auto error = price_error(long_text);
  EXPECT_LT(error.size(), 160u) << error;
  EXPECT_NE(error.find("...\""), std::string::npos);
}

TEST(MoneyTest, UsdAmountsKeepTwelveDecimals) {
  std::string error;
  EXPECT_EQ(parse_usd("100", error), 100 * kPicoUsdPerUsd);
  EXPECT_EQ(parse_usd("0.000000000001", error), 1);
  EXPECT_EQ(parse_usd("9223372.036854775807", error), kMaxPicoUsd);
  EXPECT_FALSE(parse_usd("9223372.036854775808", error));
  EXPECT_NE(error.find("at most 9223372.036854775807"), std::string::npos) << error;
  EXPECT_FALSE(parse_usd("0.0000000000001", error));
  EXPECT_NE(error.find("more than 12 decimals"), std::string::npos) << error;
  EXPECT_FALSE(parse_usd("-5", error));
}

TEST(MoneyTest, FormatsUsdWithOnlyTheDigitsNeeded) {
  EXPECT_EQ(format_usd(0), "0");
  EXPECT_EQ(format_usd(1), "0.000000000001");
  EXPECT_EQ(format_usd(1'234'500'000), "0.0012345");
  EXPECT_EQ(format_usd(2'500'000'000'000), "2.5");
  EXPECT_EQ(format_usd(3 * kPicoUsdPerUsd), "3");
  EXPECT_EQ(format_usd(10 * kPicoUsdPerUsd + 10), "10.00000000001");
  EXPECT_EQ(format_usd(kMaxPicoUsd), "9223372.036854775807");
  EXPECT_EQ(format_usd(-1'500'000'000'000), "-1.5");
  EXPECT_EQ(format_usd(std::numeric_limits<std::int64_t>::min()), "-9223372.036854775808");
}

TEST(MoneyTest, FormattedPricesParseBack) {
  for (std::int64_t pico : std::initializer_list<std::int64_t>{0, 1, 18'750, 75'000, 2'500'000,
                                                               15'000'000, kMaxPicoUsdPerToken}) {
    const auto text = format_price(TokenPrice{pico});
    EXPECT_EQ(price_of(text), pico) << text;
  }
  EXPECT_EQ(format_price(TokenPrice{2'500'000}), "2.5");
  EXPECT_EQ(format_price(TokenPrice{18'750}), "0.01875");
}

TEST(MoneyTest, TokenCostIsExactAndSaturates) {
  bool saturated = false;
  EXPECT_EQ(token_cost(1'000'000, TokenPrice{2'500'000}, saturated), 2'500'000'000'000);
  EXPECT_EQ(token_cost(3, TokenPrice{18'750}, saturated), 56'250);
  EXPECT_EQ(token_cost(0, TokenPrice{18'750}, saturated), 0);
  EXPECT_EQ(token_cost(-5, TokenPrice{18'750}, saturated), 0);
  EXPECT_FALSE(saturated);
  // 9.2 million USD is the ceiling: 10^7 tokens at 1 USD each pass it.
  EXPECT_EQ(token_cost(10'000'000, TokenPrice{kMaxPicoUsdPerToken}, saturated), kMaxPicoUsd);
  EXPECT_TRUE(saturated);
  saturated = false;
  EXPECT_EQ(token_cost(kMaxPicoUsd, TokenPrice{kMaxPicoUsdPerToken}, saturated), kMaxPicoUsd);
  EXPECT_TRUE(saturated);
}

TEST(MoneyTest, AddingSaturates) {
  bool saturated = false;
  EXPECT_EQ(add_pico_usd(1, 2, saturated), 3);
  EXPECT_FALSE(saturated);
  EXPECT_EQ(add_pico_usd(kMaxPicoUsd, 1, saturated), kMaxPicoUsd);
  EXPECT_TRUE(saturated);
}

}  // namespace
}  // namespace llmgw::governance
