#pragma once
// Exact money for pricing and budgets: integers only, no floating point anywhere.
//
// A price is written as USD per million tokens with at most 6 decimals ("2.50", "0.01875").
// Micro-USD per million tokens is the same number as pico-USD per token, so a price is kept as
// an integer count of pico-USD per token and tokens × price is an exact integer in pico-USD.
// Costs and amounts are int64 pico-USD: at most 9,223,372.036854775807 USD, far above any one
// request; sums that would pass it saturate instead of wrapping.

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace llmgw::governance {

inline constexpr std::int64_t kPicoUsdPerUsd = 1'000'000'000'000;

/// The largest cost or amount: INT64_MAX pico-USD (about 9.2 million USD).
inline constexpr std::int64_t kMaxPicoUsd = std::numeric_limits<std::int64_t>::max();

/// The decimals a price may be written with: its unit is 0.000001 USD per million tokens.
inline constexpr int kPriceDecimals = 6;

/// 1,000,000 USD per million tokens (1 USD per token), far above any listed price. The bound
/// keeps a mistyped price from reaching the arithmetic and keeps tokens × price within 128 bits.
inline constexpr std::int64_t kMaxPicoUsdPerToken = kPicoUsdPerUsd;

/// A price per token. `pico_usd_per_token` also reads as micro-USD per million tokens.
struct TokenPrice {
  std::int64_t pico_usd_per_token = 0;

  friend bool operator==(TokenPrice, TokenPrice) = default;
};

/// Parses USD per million tokens written as decimal text: digits, optionally a '.' and 1 to 6
/// more digits ("2.50", "0.075", "3"). Rejects signs, exponents, spaces, more than 6 decimals
/// and values above kMaxPicoUsdPerToken. On failure returns nullopt and sets `error` to a
/// message for the user that quotes (a bounded prefix of) the text.
std::optional<TokenPrice> parse_price(std::string_view text, std::string& error);

/// Parses an amount of USD written as decimal text with at most 12 decimals ("100", "0.5"),
/// e.g. a budget, into pico-USD. Same rules as parse_price; the bound is kMaxPicoUsd.
std::optional<std::int64_t> parse_usd(std::string_view text, std::string& error);

/// pico-USD as decimal USD text with only the digits needed: 0 → "0", 1'234'500'000 →
/// "0.0012345", 2'500'000'000'000 → "2.5". Negative amounts get a leading '-'. This is the
/// form of the x-llmgw-cost header and the logs.
std::string format_usd(std::int64_t pico_usd);

/// Room for any amount format_usd writes: a sign, 19 digits, the point and 12 decimals.
using UsdBuffer = std::array<char, 40>;

/// format_usd written into `buffer`, without allocating; the view points into it.
std::string_view write_usd(std::int64_t pico_usd, UsdBuffer& buffer) noexcept;

/// A price as USD per million tokens, the way parse_price reads it: 2'500'000 → "2.5".
std::string format_price(TokenPrice price);

/// tokens × price in pico-USD, exact; negative token counts count as 0. Saturates at
/// kMaxPicoUsd and sets `saturated` when the product does not fit.
std::int64_t token_cost(std::int64_t tokens, TokenPrice price, bool& saturated) noexcept;

/// a + b for non-negative amounts, saturating at kMaxPicoUsd (and setting `saturated`).
std::int64_t add_pico_usd(std::int64_t a, std::int64_t b, bool& saturated) noexcept;

}  // namespace llmgw::governance
