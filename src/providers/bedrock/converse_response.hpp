#pragma once
// Bedrock Converse response JSON → canonical ChatResponse (providers.md §5.2, §7.1, §7.2).
// The stop reason and usage mappings are shared with the ConverseStream decoder.
//
// Usage: Bedrock reports inputTokens without the prompt-cache tokens (as Anthropic does), so
// prompt_tokens = inputTokens + cacheReadInputTokens + cacheWriteInputTokens, cached_tokens
// = cacheReadInputTokens, cache_write_tokens = cacheWriteInputTokens, completion_tokens =
// outputTokens and total_tokens = prompt_tokens + completion_tokens (so the OpenAI identity
// holds whichever way a model family counts totalTokens).

#include <optional>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::providers::bedrock {

/// §7.1: end_turn/stop_sequence → stop (stop_sequence kept as such), max_tokens and
/// model_context_window_exceeded → length, tool_use → tool_calls, guardrail_intervened and
/// content_filtered → content_filter; malformed_* and unknown values → stop.
canonical::FinishReason finish_reason(std::string_view stop_reason);

/// The usage object of a response or a `metadata` event; nullopt when it is not an object.
std::optional<Usage> parse_usage(const canonical::Json& usage);

/// Decodes a complete 2xx Converse body; wrong shapes are upstream_protocol errors.
Result<canonical::ChatResponse> decode_converse_response(std::string_view body);

/// Parses an upstream JSON text (response body or event payload) with its nesting bounded
/// first; nullopt when it is not valid JSON.
std::optional<canonical::Json> parse_upstream_json(std::string_view text);

}  // namespace llmgw::providers::bedrock
