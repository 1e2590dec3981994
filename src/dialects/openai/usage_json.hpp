#pragma once
// The OpenAI `usage` object, shared by the complete response and the stream's usage chunk.

#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/usage.hpp"

namespace llmgw::dialects::openai {

/// {prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details{cached_tokens
/// [, cache_write_tokens when non-zero]}, completion_tokens_details{reasoning_tokens}}.
canonical::Json usage_json(const Usage& usage);

/// OpenAI `finish_reason`: stop sequences and an unknown end are both "stop".
std::string_view finish_reason_name(canonical::FinishReason reason) noexcept;

/// dump() that never throws on invalid UTF-8 from a provider (it is replaced).
std::string dump_json(const canonical::Json& json);

}  // namespace llmgw::dialects::openai
