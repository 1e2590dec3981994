#include "llmgw/governance/cost.hpp"

#include <algorithm>

namespace llmgw::governance {

namespace {

// A negative count is no count at all; remember that the usage was malformed.
std::int64_t non_negative(std::int64_t count, bool& inconsistent) {
  if (count >= 0) return count;
  inconsistent = true;
  return 0;
}

// whole − parts, clamped at 0.
std::int64_t remainder(std::int64_t whole, std::int64_t parts, bool& inconsistent) {
  if (parts <= whole) return whole - parts;
  inconsistent = true;
  return 0;
}

}  // namespace

Cost compute_cost(const Usage& usage, const ModelPrice& price) noexcept {
  Cost cost;
  bool& odd = cost.inconsistent_usage;
  const std::int64_t prompt = non_negative(usage.prompt_tokens, odd);
  const std::int64_t cached = non_negative(usage.cached_tokens, odd);
  const std::int64_t cache_write = non_negative(usage.cache_write_tokens, odd);
  const std::int64_t completion = non_negative(usage.completion_tokens, odd);
  const std::int64_t reasoning = non_negative(usage.reasoning_tokens, odd);
  // Each count is at most INT64_MAX, so their sum is taken in 128 bits.
  const __int128 cache_parts = static_cast<__int128>(cached) + cache_write;
  std::int64_t uncached = 0;
  if (cache_parts <= prompt) {
    uncached = prompt - static_cast<std::int64_t>(cache_parts);
  } else {
    odd = true;
  }
  const std::int64_t plain_output = remainder(completion, reasoning, odd);

  const TokenRates& rates = price.rates_for(prompt);
  bool& sat = cost.saturated;
  std::int64_t total = token_cost(uncached, rates.input, sat);
  total = add_pico_usd(total, token_cost(cached, rates.cached_input_or_input(), sat), sat);
  total = add_pico_usd(total, token_cost(cache_write, rates.cache_write_or_input(), sat), sat);
  total = add_pico_usd(total, token_cost(plain_output, rates.output, sat), sat);
  total = add_pico_usd(total, token_cost(reasoning, rates.reasoning_or_output(), sat), sat);
  cost.pico_usd = total;
  return cost;
}

std::optional<Cost> compute_cost(const Usage& usage, const ModelPrice* price) noexcept {
  if (price != nullptr) return compute_cost(usage, *price);
  const bool consumed_nothing = usage.prompt_tokens <= 0 && usage.completion_tokens <= 0 &&
                                usage.cached_tokens <= 0 && usage.cache_write_tokens <= 0 &&
                                usage.reasoning_tokens <= 0;
  if (consumed_nothing) return Cost{};
  return std::nullopt;
}

std::optional<Cost> add_costs(const std::optional<Cost>& a, const std::optional<Cost>& b) noexcept {
  if (!a || !b) return std::nullopt;
  Cost sum;
  sum.saturated = a->saturated || b->saturated;
  sum.inconsistent_usage = a->inconsistent_usage || b->inconsistent_usage;
  sum.pico_usd = add_pico_usd(a->pico_usd, b->pico_usd, sum.saturated);
  return sum;
}

}  // namespace llmgw::governance
