#include "providers/openai/chat_json.hpp"

#include "json/top_level_scanner.hpp"

namespace llmgw::providers::openai {

using Json = nlohmann::json;

Json parse_bounded(std::string_view text) {
  if (!json::validate(text).ok()) return Json(Json::value_t::discarded);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

canonical::FinishReason finish_reason_from(const Json& value) {
  using canonical::FinishReason;
  if (!value.is_string()) return FinishReason::none;
  const auto& reason = value.get_ref<const std::string&>();
  if (reason.empty()) return FinishReason::none;
  if (reason == "length") return FinishReason::length;
  if (reason == "tool_calls" || reason == "function_call") return FinishReason::tool_calls;
  if (reason == "content_filter") return FinishReason::content_filter;
  return FinishReason::stop;
}

std::string_view string_member(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

std::string arguments_text(const Json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_object() || value.is_array()) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return {};
}

}  // namespace llmgw::providers::openai
