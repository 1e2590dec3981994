#include "providers/anthropic/stop_reason.hpp"

namespace llmgw::providers::anthropic {

canonical::FinishReason finish_reason(std::string_view stop_reason) noexcept {
  using canonical::FinishReason;
  if (stop_reason == "stop_sequence") return FinishReason::stop_sequence;
  if (stop_reason == "max_tokens" || stop_reason == "model_context_window_exceeded") {
    return FinishReason::length;
  }
  if (stop_reason == "tool_use") return FinishReason::tool_calls;
  if (stop_reason == "refusal") return FinishReason::content_filter;
  return FinishReason::stop;
}

}  // namespace llmgw::providers::anthropic
