#pragma once
// Prompt tokens estimated from the client's raw JSON body, before the call, for the TPM
// reservation (settle replaces the estimate by the provider's usage afterwards).
//
// Why raw bytes: the OpenAI fast path never parses the body, and every dialect keeps its
// raw body, so one scan serves all endpoints and costs the fast path no parse. One pass,
// eight bytes at a time inside strings, no allocation: about 1.5 instructions per byte.
//
// The estimator. Text is every string value inside the members that reach the model
// (messages, system, prompt, input, instructions) and every key and string value inside
// tool and schema definitions (tools, functions, response_format), where property names
// are prompt text too. Per string: ASCII bytes / 4 (OpenAI's rule of thumb), 0.3 per
// two-byte UTF-8 character (Cyrillic, Greek, Arabic, accented Latin) and 0.8 per longer one
// (CJK, emoji); \uXXXX escapes count as the character they encode, so Python clients that
// escape non-ASCII are not overcharged. Each message adds 3 tokens of framing and the
// request 3 more (OpenAI's published chat framing). An inline or linked image, audio or
// file (a string under `url`, `data` or `file_data`) counts kMediaTokens whatever its size:
// base64 length says nothing about what a provider bills for it.
//
// Measured error (tests/unit/governance/token_estimate_test.cpp prints it) on the 38
// text-only requests of tests/data/token_estimate/corpus.jsonl against gpt-4o's billed
// prompt tokens (o200k_base with OpenAI's chat framing): mean |error| 11.7 %, every
// request within -39 % .. +27 %, corpus total 0.95 of actual. Prose and non-Latin scripts
// come out high, code, tables, logs and CSV low (digit groups and punctuation are dense
// in tokens). Tools, images and non-OpenAI tokenizers are unmeasured.

#include <cstdint>
#include <string_view>

namespace llmgw::governance {

/// Tokens charged up front for one image, audio clip or file (unmeasured: between
/// OpenAI's 765 for a 1024x1024 high-detail image and Anthropic's ~1,600 for 1.15 MP).
inline constexpr std::int64_t kMediaTokens = 1000;

struct TokenEstimate {
  std::int64_t prompt = 0;  ///< Estimated prompt tokens.
  std::int64_t max_output =
      -1;  ///< max_completion_tokens, max_tokens or max_output_tokens; -1 if absent.
  std::int64_t choices = 1;  ///< `n` (completions per request), at least 1.
};

/// Scans a request body (any dialect: OpenAI chat/completions/embeddings/responses,
/// Anthropic messages). Never reads out of bounds; malformed JSON gives a partial estimate.
TokenEstimate estimate_tokens(std::string_view body) noexcept;

/// What a request reserves against TPM: the prompt estimate plus the completion ceiling
/// (`default_max_output` when the client set none) for each of `choices` completions.
std::int64_t tokens_to_reserve(const TokenEstimate& estimate,
                               std::int64_t default_max_output) noexcept;

}  // namespace llmgw::governance
