#pragma once
// The cost of one upstream attempt from its normalized usage (llmgw/core/usage.hpp) and the
// deployment's price.

#include <cstdint>
#include <optional>

#include "llmgw/core/usage.hpp"
#include "llmgw/governance/model_price.hpp"

namespace llmgw::governance {

struct Cost {
  std::int64_t pico_usd = 0;  ///< Never negative.
  /// The exact cost was above kMaxPicoUsd; pico_usd holds kMaxPicoUsd.
  bool saturated = false;
  /// The usage broke its invariant (a part larger than its whole, or a negative count); the
  /// cost was computed as described at compute_cost. Worth a log line or a metric: it means a
  /// provider reports usage in a shape the adapter does not normalize.
  bool inconsistent_usage = false;

  friend bool operator==(const Cost&, const Cost&) = default;
};

/// Prices each part of `usage` at its own rate, exactly, in pico-USD:
///
///   (prompt − cached − cache_write) × input + cached × cached_input + cache_write × cache_write
///   + (completion − reasoning) × output + reasoning × (reasoning or output)
///
/// at the long-context rates when the model has them and prompt_tokens is above their
/// threshold. This relies on the Usage invariant: cached and cache-write tokens are inside
/// prompt_tokens, reasoning tokens inside completion_tokens. When upstream numbers break it
/// (cached + cache_write > prompt, reasoning > completion), the detail counts are trusted
/// and the remainder is clamped at 0, which never yields a negative cost and, for the known
/// offenders (servers that report reasoning outside completion_tokens), bills closer to the
/// truth than clamping the details to the whole would. Negative counts are read as 0. Both
/// cases set inconsistent_usage.
Cost compute_cost(const Usage& usage, const ModelPrice& price) noexcept;

/// compute_cost when `price` is set. Without a price the cost is unknown (nullopt), not zero,
/// unless the attempt consumed no tokens at all: that costs 0 whatever the model.
std::optional<Cost> compute_cost(const Usage& usage, const ModelPrice* price) noexcept;

/// The sum of two attempts' costs (a request with fallbacks): unknown when either is unknown,
/// saturating at kMaxPicoUsd, flags carried over.
std::optional<Cost> add_costs(const std::optional<Cost>& a, const std::optional<Cost>& b) noexcept;

}  // namespace llmgw::governance
