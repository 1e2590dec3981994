#include "providers/anthropic/usage.hpp"

#include <cmath>
#include <limits>

namespace llmgw::providers::anthropic {
namespace {

constexpr std::int64_t kMaxCount = std::numeric_limits<std::int64_t>::max() / 8;

/// Sets `target` from `object[key]` when that is a usable count; keeps it otherwise.
void read_count(const Json& object, const char* key, std::int64_t& target) {
  auto it = object.find(key);
  if (it == object.end()) return;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    target = value > static_cast<std::uint64_t>(kMaxCount) ? kMaxCount
                                                           : static_cast<std::int64_t>(value);
  } else if (it->is_number_integer()) {
    const auto value = it->get<std::int64_t>();
    if (value >= 0) target = std::min(value, kMaxCount);
  } else if (it->is_number_float()) {
    const double value = it->get<double>();
    if (std::isfinite(value) && value >= 0) {
      target = value >= static_cast<double>(kMaxCount) ? kMaxCount : std::llround(value);
    }
  }
}

}  // namespace

void UsageAccumulator::apply(const Json& usage_object) {
  if (!usage_object.is_object()) return;
  read_count(usage_object, "input_tokens", input_);
  read_count(usage_object, "cache_creation_input_tokens", cache_creation_);
  read_count(usage_object, "cache_read_input_tokens", cache_read_);
  read_count(usage_object, "output_tokens", output_);
}

Usage UsageAccumulator::usage() const {
  Usage usage;
  usage.prompt_tokens = input_ + cache_creation_ + cache_read_;
  usage.completion_tokens = output_;
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  usage.cached_tokens = cache_read_;
  usage.cache_write_tokens = cache_creation_;
  return usage;
}

Usage to_usage(const Json& usage_object) {
  UsageAccumulator accumulator;
  accumulator.apply(usage_object);
  return accumulator.usage();
}

std::optional<Usage> parse_usage(std::string_view usage_json) {
  std::optional<Json> parsed = parse_json(usage_json);
  if (!parsed || !parsed->is_object()) return std::nullopt;
  return to_usage(*parsed);
}

}  // namespace llmgw::providers::anthropic
