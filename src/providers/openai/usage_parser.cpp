#include "providers/openai/usage_parser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "json/top_level_scanner.hpp"

namespace llmgw::providers::openai {
namespace {

using Json = nlohmann::json;

std::int64_t count_at(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return 0;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    return value > static_cast<std::uint64_t>(kMax) ? kMax : static_cast<std::int64_t>(value);
  }
  if (it->is_number_integer()) return std::max<std::int64_t>(0, it->get<std::int64_t>());
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (!std::isfinite(value) || value <= 0) return 0;
    return value >= static_cast<double>(kMax) ? kMax : std::llround(value);
  }
  return 0;
}

std::int64_t nested_count(const Json& object, const char* parent, const char* key) {
  auto it = object.find(parent);
  if (it == object.end() || !it->is_object()) return 0;
  return count_at(*it, key);
}

}  // namespace

std::optional<Usage> parse_usage(std::string_view usage_json) {
  return usage_from_json(Json::parse(usage_json, nullptr, /*allow_exceptions=*/false));
}

std::optional<Usage> usage_from_json(const nlohmann::json& parsed) {
  if (!parsed.is_object()) return std::nullopt;
  Usage usage;
  usage.prompt_tokens = count_at(parsed, "prompt_tokens");
  usage.completion_tokens = count_at(parsed, "completion_tokens");
  auto total = parsed.find("total_tokens");
  usage.total_tokens = total != parsed.end() && total->is_number()
                           ? count_at(parsed, "total_tokens")
                           : usage.prompt_tokens + usage.completion_tokens;
  usage.cached_tokens = nested_count(parsed, "prompt_tokens_details", "cached_tokens");
  usage.cache_write_tokens = nested_count(parsed, "prompt_tokens_details", "cache_write_tokens");
  usage.reasoning_tokens = nested_count(parsed, "completion_tokens_details", "reasoning_tokens");
  return usage;
}

std::optional<Usage> find_top_level_usage(std::string_view body) {
  json::TopLevelObject object;
  if (!json::scan_top_level(body, object).ok()) return std::nullopt;
  const json::Member* usage = object.find("usage");
  if (usage == nullptr || usage->type != json::ValueType::object) return std::nullopt;
  return parse_usage(usage->value(body));
}

}  // namespace llmgw::providers::openai
