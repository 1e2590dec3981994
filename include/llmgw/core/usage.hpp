#pragma once

#include <cstdint>

namespace llmgw {

/// Token usage as OpenAI reports it. cached_tokens is inside prompt_tokens and
/// reasoning_tokens inside completion_tokens.
struct Usage {
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t total_tokens = 0;
  std::int64_t cached_tokens = 0;       ///< Read from a prompt cache (inside prompt_tokens).
  std::int64_t cache_write_tokens = 0;  ///< Written to a prompt cache (inside prompt_tokens).
  std::int64_t reasoning_tokens = 0;
};

}  // namespace llmgw
