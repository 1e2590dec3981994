#include "providers/gemini/provider_json.hpp"

#include <cmath>
#include <limits>

#include "json/top_level_scanner.hpp"

namespace llmgw::providers::gemini {

std::optional<Json> parse_json(std::string_view text) {
  if (!json::validate(text).ok()) return std::nullopt;
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::int64_t count_member(const Json& object, const char* key) {
  if (!object.is_object()) return 0;
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

std::string_view string_member(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

}  // namespace llmgw::providers::gemini
