#pragma once
// Pieces the translated path's response decoders share: a bounded parse of provider JSON,
// the finish_reason table (providers.md §7.1) and lenient readers of loosely typed fields.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"

namespace llmgw::providers::openai {

/// Parses one JSON value after the scanner has bounded its nesting, so hostile input never
/// recurses deeply. Returns a discarded value when the text is not exactly one JSON value.
nlohmann::json parse_bounded(std::string_view text);

/// OpenAI finish_reason → canonical. null and "" are "not finished"; function_call counts as
/// tool_calls; unknown values (DeepSeek insufficient_system_resource, Ollama's raw
/// done_reason values) are a stop.
canonical::FinishReason finish_reason_from(const nlohmann::json& value);

/// The value of a string member, or "" when absent, null or of another type.
std::string_view string_member(const nlohmann::json& object, const char* key);

/// Function-call arguments as text: a string as is; an object or array (some compatible
/// servers send the parsed value) as its JSON text; anything else empty.
std::string arguments_text(const nlohmann::json& value);

}  // namespace llmgw::providers::openai
