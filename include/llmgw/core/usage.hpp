#pragma once

#include <cstdint>

namespace llmgw {

/// Token usage of one upstream call, in OpenAI's accounting whatever the provider. Every
/// adapter normalizes to this invariant, and governance::compute_cost prices on it:
///
///   cached_tokens + cache_write_tokens <= prompt_tokens   (parts of the prompt)
///   reasoning_tokens <= completion_tokens                  (a part of the completion)
///   total_tokens = prompt_tokens + completion_tokens       (the provider's total, when given)
///
/// What each provider reports and what its adapter does about it:
///  - OpenAI, Azure OpenAI and OpenAI-compatible servers: taken as reported;
///    prompt_tokens_details.{cached,cache_write}_tokens and
///    completion_tokens_details.reasoning_tokens are already inside the totals.
///  - Anthropic: input_tokens leaves cache reads and writes out, so prompt_tokens =
///    input_tokens + cache_read_input_tokens + cache_creation_input_tokens. output_tokens
///    includes thinking, which is not reported apart: reasoning_tokens stays 0.
///  - Gemini: promptTokenCount includes cachedContentTokenCount; toolUsePromptTokenCount is
///    added to it. candidatesTokenCount leaves thoughtsTokenCount out, so completion_tokens =
///    candidates + thoughts and reasoning_tokens = thoughts.
///  - Bedrock Converse: inputTokens leaves cacheReadInputTokens and cacheWriteInputTokens out,
///    so prompt_tokens = inputTokens + both; no reasoning split.
/// A server that breaks the invariant anyway (some report reasoning outside completion_tokens)
/// is still priced, never negatively, and the cost is flagged (Cost::inconsistent_usage).
struct Usage {
  std::int64_t prompt_tokens = 0;      ///< Every input token, cached or written included.
  std::int64_t completion_tokens = 0;  ///< Every output token, reasoning included.
  std::int64_t total_tokens = 0;
  std::int64_t cached_tokens = 0;       ///< Read from a prompt cache (inside prompt_tokens).
  std::int64_t cache_write_tokens = 0;  ///< Written to a prompt cache (inside prompt_tokens).
  std::int64_t reasoning_tokens = 0;    ///< Reasoning/thinking (inside completion_tokens).
};

}  // namespace llmgw
