#include "dialects/anthropic/wire_values.hpp"

#include <algorithm>

#include "json/top_level_scanner.hpp"

namespace llmgw::dialects::anthropic {

using canonical::FinishReason;
using canonical::Json;

std::string message_id(std::string_view provider_id, std::string_view request_id) {
  if (provider_id.starts_with("msg_")) return std::string(provider_id);
  return "msg_" + std::string(request_id);
}

StopFields stop_fields(FinishReason reason, std::string_view stop_sequence, bool made_tool_calls) {
  switch (reason) {
    case FinishReason::stop:
    case FinishReason::stop_sequence:
      if (!stop_sequence.empty()) return {"stop_sequence", Json(std::string(stop_sequence))};
      return {"end_turn", nullptr};
    case FinishReason::length: return {"max_tokens", nullptr};
    case FinishReason::tool_calls: return {"tool_use", nullptr};
    case FinishReason::content_filter: return {"refusal", nullptr};
    case FinishReason::none: break;
  }
  return {made_tool_calls ? "tool_use" : "end_turn", nullptr};
}

Json usage_json(const Usage& usage) {
  const std::int64_t uncached = std::max<std::int64_t>(
      0, usage.prompt_tokens - usage.cached_tokens - usage.cache_write_tokens);
  Json out = Json::object();
  out["input_tokens"] = uncached;
  out["cache_creation_input_tokens"] = usage.cache_write_tokens;
  out["cache_read_input_tokens"] = usage.cached_tokens;
  out["output_tokens"] = usage.completion_tokens;
  return out;
}

Json tool_input(std::string_view arguments) {
  // The scanner bounds nesting before nlohmann builds (and later dumps, recursively) a DOM.
  json::TopLevelObject object;
  if (!json::scan_top_level(arguments, object).ok()) return Json::object();
  Json input = Json::parse(arguments, nullptr, false);
  if (input.is_discarded() || !input.is_object()) return Json::object();
  return input;
}

}  // namespace llmgw::dialects::anthropic
