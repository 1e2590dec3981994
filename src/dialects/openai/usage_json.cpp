#include "dialects/openai/usage_json.hpp"

namespace llmgw::dialects::openai {

using canonical::Json;

Json usage_json(const Usage& usage) {
  Json json = Json::object();
  json["prompt_tokens"] = usage.prompt_tokens;
  json["completion_tokens"] = usage.completion_tokens;
  json["total_tokens"] = usage.total_tokens;
  Json prompt_details = Json::object();
  prompt_details["cached_tokens"] = usage.cached_tokens;
  if (usage.cache_write_tokens != 0) {
    prompt_details["cache_write_tokens"] = usage.cache_write_tokens;
  }
  json["prompt_tokens_details"] = std::move(prompt_details);
  json["completion_tokens_details"] = Json{{"reasoning_tokens", usage.reasoning_tokens}};
  return json;
}

std::string_view finish_reason_name(canonical::FinishReason reason) noexcept {
  using canonical::FinishReason;
  switch (reason) {
    case FinishReason::length: return "length";
    case FinishReason::tool_calls: return "tool_calls";
    case FinishReason::content_filter: return "content_filter";
    case FinishReason::stop:
    case FinishReason::stop_sequence:
    case FinishReason::none: break;
  }
  return "stop";
}

std::string dump_json(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace llmgw::dialects::openai
