#include "llmgw/governance/money.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>

namespace llmgw::governance {

namespace {

using Wide = unsigned __int128;

// Echoes the user's text back in a message, cut short so a pasted blob cannot flood the log.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxEcho = 32;
  if (text.size() <= kMaxEcho) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMaxEcho)) + "...\"";
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr std::array<std::uint64_t, 19> kPowersOfTen = [] {
  std::array<std::uint64_t, 19> powers{};
  std::uint64_t value = 1;
  for (auto& power : powers) {
    power = value;
    value *= 10;
  }
  return powers;
}();

constexpr std::int64_t pow10(int exponent) {
  std::int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

struct DecimalRules {
  int decimals;      // digits allowed after the point; the result counts units of 10^-decimals
  std::int64_t max;  // in those units
  const char* what;  // "a price in USD per million tokens"
  const char* example;
  const char* max_text;
};

// Digits, then optionally '.' and digits: the only shape a price or an amount is written in,
// so "1e-6", "0x10", " 2", "2,50" and "-1" are all refused instead of half-read.
std::optional<std::int64_t> parse_decimal(std::string_view text, const DecimalRules& rules,
                                          std::string& error) {
  const std::string expected = std::string("must be ") + rules.what + ", e.g. " + rules.example;
  if (text.empty()) {
    error = expected + ", not empty";
    return std::nullopt;
  }
  if (text.front() == '-') {
    error = "must not be negative (got " + quoted(text) + ")";
    return std::nullopt;
  }
  std::size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  const bool digits_only = std::all_of(whole.begin(), whole.end(), is_digit) &&
                           std::all_of(fraction.begin(), fraction.end(), is_digit);
  if (whole.empty() || !digits_only || (point != std::string_view::npos && fraction.empty())) {
    const bool exponent = text.find_first_of("eE") != std::string_view::npos;
    error = expected + (exponent ? " without an exponent" : "") + " (got " + quoted(text) + ")";
    return std::nullopt;
  }
  if (fraction.size() > static_cast<std::size_t>(rules.decimals)) {
    error = "has more than " + std::to_string(rules.decimals) + " decimals (got " + quoted(text) +
            "); amounts are exact to 10^-" + std::to_string(rules.decimals);
    return std::nullopt;
  }
  // 128 bits hold 38 digits; the bounds are below 10^19, so stopping at the first overflow of
  // the bound is enough and leading zeros cost nothing.
  Wide value = 0;
  const Wide max = static_cast<Wide>(rules.max);
  auto too_large = [&] {
    error = "must be at most " + std::string(rules.max_text) + " (got " + quoted(text) + ")";
    return std::nullopt;
  };
  for (char c : whole) {
    value = value * 10 + static_cast<Wide>(c - '0');
    if (value > max) return too_large();
  }
  Wide fraction_value = 0;
  for (char c : fraction) fraction_value = fraction_value * 10 + static_cast<Wide>(c - '0');
  const int missing = rules.decimals - static_cast<int>(fraction.size());
  value = value * static_cast<Wide>(pow10(rules.decimals)) +
          fraction_value * static_cast<Wide>(pow10(missing));
  if (value > max) return too_large();
  return static_cast<std::int64_t>(value);
}

// `units` of 10^-decimals as the shortest exact decimal text, written into `out` (room for a
// sign, 19 digits, a point and 18 decimals). The cost header and the access log format one
// amount per request: no temporary strings.
std::string_view write_decimal(std::int64_t units, int decimals, std::span<char, 40> out) {
  char* const begin = out.data();
  char* cursor = begin;
  if (units < 0) *cursor++ = '-';
  // Unsigned, where -INT64_MIN fits. (128-bit division is a library call; 64-bit division by
  // the one scale used per call site is cheap.)
  const std::uint64_t magnitude =
      units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  const std::uint64_t scale = kPowersOfTen[static_cast<std::size_t>(decimals)];
  const std::uint64_t whole = magnitude / scale;
  const std::uint64_t fraction = magnitude % scale;
  cursor = std::to_chars(cursor, begin + out.size(), whole).ptr;
  if (fraction != 0) {
    *cursor++ = '.';
    // The fraction's digits right-aligned in `decimals` places, then its trailing zeros cut.
    char digits[20];
    char* const digits_end = std::to_chars(digits, digits + sizeof digits, fraction).ptr;
    const auto length = static_cast<std::size_t>(digits_end - digits);
    // A loop, not fill_n: GCC 12 cannot see that length <= decimals and warns.
    for (std::size_t zero = length; zero < static_cast<std::size_t>(decimals); ++zero) {
      *cursor++ = '0';
    }
    cursor = std::copy(digits, digits_end, cursor);
    while (cursor[-1] == '0') --cursor;
  }
  return {begin, static_cast<std::size_t>(cursor - begin)};
}

}  // namespace

std::optional<TokenPrice> parse_price(std::string_view text, std::string& error) {
  static constexpr DecimalRules kRules{kPriceDecimals, kMaxPicoUsdPerToken,
                                       "a price in USD per million tokens", "2.50",
                                       "1000000 (USD per million tokens)"};
  auto value = parse_decimal(text, kRules, error);
  if (!value) return std::nullopt;
  return TokenPrice{*value};
}

std::optional<std::int64_t> parse_usd(std::string_view text, std::string& error) {
  static constexpr DecimalRules kRules{12, kMaxPicoUsd, "an amount of USD", "100.00",
                                       "9223372.036854775807 (USD)"};
  return parse_decimal(text, kRules, error);
}

std::string_view write_usd(std::int64_t pico_usd, UsdBuffer& buffer) noexcept {
  return write_decimal(pico_usd, 12, buffer);
}

std::string format_usd(std::int64_t pico_usd) {
  UsdBuffer buffer;
  return std::string(write_usd(pico_usd, buffer));
}

std::string format_price(TokenPrice price) {
  std::array<char, 40> buffer;
  return std::string(write_decimal(price.pico_usd_per_token, kPriceDecimals, buffer));
}

std::int64_t token_cost(std::int64_t tokens, TokenPrice price, bool& saturated) noexcept {
  if (tokens <= 0 || price.pico_usd_per_token <= 0) return 0;
  const Wide product = static_cast<Wide>(tokens) * static_cast<Wide>(price.pico_usd_per_token);
  if (product > static_cast<Wide>(kMaxPicoUsd)) {
    saturated = true;
    return kMaxPicoUsd;
  }
  return static_cast<std::int64_t>(product);
}

std::int64_t add_pico_usd(std::int64_t a, std::int64_t b, bool& saturated) noexcept {
  a = std::max<std::int64_t>(a, 0);
  b = std::max<std::int64_t>(b, 0);
  if (a > kMaxPicoUsd - b) {
    saturated = true;
    return kMaxPicoUsd;
  }
  return a + b;
}

}  // namespace llmgw::governance
