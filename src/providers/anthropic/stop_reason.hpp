#pragma once
// Anthropic stop_reason → canonical finish reason (providers.md §7.1).

#include <string_view>

#include "llmgw/canonical/chat.hpp"

namespace llmgw::providers::anthropic {

/// end_turn/pause_turn → stop; stop_sequence → stop_sequence; max_tokens and
/// model_context_window_exceeded → length; tool_use → tool_calls; refusal → content_filter;
/// anything else the API may add → stop (the message did end).
canonical::FinishReason finish_reason(std::string_view stop_reason) noexcept;

}  // namespace llmgw::providers::anthropic
