#pragma once
// What one model costs. Separate from price_table.hpp so that the config structs can hold
// prices without pulling in the table.

#include <cstdint>
#include <optional>

#include "llmgw/governance/money.hpp"

namespace llmgw::governance {

/// Prices per token of one model (written per million tokens, see money.hpp). Each optional
/// price falls back to a listed one when absent, never to zero, so a missing line in a price
/// file bills too much rather than nothing:
///  - cached_input (prompt-cache reads) → input; the providers bill cache hits at a discount,
///  - cache_write (prompt-cache writes) → input; Anthropic bills them above input, OpenAI and
///    Gemini do not bill them separately,
///  - reasoning → output; no provider lists reasoning tokens at another price today.
struct TokenRates {
  TokenPrice input;
  TokenPrice output;
  std::optional<TokenPrice> cached_input;
  std::optional<TokenPrice> cache_write;
  std::optional<TokenPrice> reasoning;

  TokenPrice cached_input_or_input() const noexcept { return cached_input.value_or(input); }
  TokenPrice cache_write_or_input() const noexcept { return cache_write.value_or(input); }
  TokenPrice reasoning_or_output() const noexcept { return reasoning.value_or(output); }

  friend bool operator==(const TokenRates&, const TokenRates&) = default;
};

/// A model's rates, and optionally the rates of its long-context tier: Gemini 2.5 Pro and
/// Claude Sonnet 4/4.5 bill a whole request at higher rates once its prompt (cache reads and
/// writes included) is above 200k tokens.
struct ModelPrice : TokenRates {
  /// Prompts of more than this many tokens use `long_context`; 0 when there is no tier.
  std::int64_t long_context_above = 0;
  std::optional<TokenRates> long_context;

  /// The rates a request with `prompt_tokens` (the Usage field) is billed at.
  const TokenRates& rates_for(std::int64_t prompt_tokens) const noexcept {
    if (long_context && prompt_tokens > long_context_above) return *long_context;
    return *this;
  }

  friend bool operator==(const ModelPrice&, const ModelPrice&) = default;
};

}  // namespace llmgw::governance
