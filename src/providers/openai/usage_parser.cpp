#include "providers/openai/usage_parser.hpp"

#include <algorithm>
#include <charconv>
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

// Both counts are clamped to [0, INT64_MAX], so only the upper bound can be crossed.
std::int64_t saturating_sum(std::int64_t a, std::int64_t b) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  return a > kMax - b ? kMax : a + b;
}

std::int64_t nested_count(const Json& object, const char* parent, const char* key) {
  auto it = object.find(parent);
  if (it == object.end() || !it->is_object()) return 0;
  return count_at(*it, key);
}

// The same clamping as count_at, on the number's text: usage is read on every fast-path
// response, and building a DOM for it cost more than the rest of the relay.
std::int64_t count_text(std::string_view text) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  const char* end = text.data() + text.size();
  std::int64_t integer = 0;
  auto [ptr, ec] = std::from_chars(text.data(), end, integer);
  if (ec == std::errc() && ptr == end) return std::max<std::int64_t>(0, integer);
  if (ec == std::errc::result_out_of_range && ptr == end) return text.front() == '-' ? 0 : kMax;
  double real = 0;
  auto [real_end, real_ec] = std::from_chars(text.data(), end, real);
  // Beyond double's range is infinity (or zero) to a DOM parser, and neither is a count.
  if (real_end != end || real_ec != std::errc() || !std::isfinite(real) || real <= 0) return 0;
  return real >= static_cast<double>(kMax) ? kMax : std::llround(real);
}

std::int64_t count_member(const json::TopLevelObject& object, std::string_view text,
                          std::string_view key) {
  const json::Member* member = object.find(key);
  if (member == nullptr || member->type != json::ValueType::number) return 0;
  return count_text(member->value(text));
}

// The member `parent` of `object` as a scanned object, or nullptr when it is missing or not a
// valid object. `text` receives the parent's own text.
const json::TopLevelObject* nested_object(const json::TopLevelObject& object, std::string_view text,
                                          std::string_view parent, json::TopLevelObject& scratch,
                                          std::string_view& nested) {
  const json::Member* member = object.find(parent);
  if (member == nullptr || member->type != json::ValueType::object) return nullptr;
  nested = member->value(text);
  return json::scan_top_level(nested, scratch).ok() ? &scratch : nullptr;
}

}  // namespace

std::optional<Usage> parse_usage(std::string_view usage_json) {
  json::TopLevelObject object;
  if (!json::scan_top_level(usage_json, object).ok()) return std::nullopt;
  Usage usage;
  usage.prompt_tokens = count_member(object, usage_json, "prompt_tokens");
  usage.completion_tokens = count_member(object, usage_json, "completion_tokens");
  const json::Member* total = object.find("total_tokens");
  usage.total_tokens = total != nullptr && total->type == json::ValueType::number
                           ? count_text(total->value(usage_json))
                           : saturating_sum(usage.prompt_tokens, usage.completion_tokens);
  json::TopLevelObject details;
  std::string_view text;
  if (nested_object(object, usage_json, "prompt_tokens_details", details, text) != nullptr) {
    usage.cached_tokens = count_member(details, text, "cached_tokens");
    usage.cache_write_tokens = count_member(details, text, "cache_write_tokens");
  }
  if (nested_object(object, usage_json, "completion_tokens_details", details, text) != nullptr) {
    usage.reasoning_tokens = count_member(details, text, "reasoning_tokens");
  }
  return usage;
}

std::optional<Usage> usage_from_json(const nlohmann::json& parsed) {
  if (!parsed.is_object()) return std::nullopt;
  Usage usage;
  usage.prompt_tokens = count_at(parsed, "prompt_tokens");
  usage.completion_tokens = count_at(parsed, "completion_tokens");
  auto total = parsed.find("total_tokens");
  usage.total_tokens = total != parsed.end() && total->is_number()
                           ? count_at(parsed, "total_tokens")
                           : saturating_sum(usage.prompt_tokens, usage.completion_tokens);
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
