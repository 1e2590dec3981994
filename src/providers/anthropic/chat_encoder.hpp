#pragma once
// Canonical chat request → Anthropic POST /v1/messages (the translated path).

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::anthropic {

/// Builds the Messages request. Maps system, messages, tools, tool_choice (with
/// parallel_tool_calls=false → disable_parallel_tool_use), max_tokens (request, else the
/// model's default_max_tokens, else 4096), stop → stop_sequences, temperature, top_p, top_k,
/// user → metadata.user_id, stream, and response_format json_schema (as the forced tool of
/// json_response_tool.hpp). Cannot honour (reject_unsupported): n > 1, seed,
/// presence_penalty, frequency_penalty, response_format json_object, every extra parameter.
Result<upstream::UpstreamRequest> encode_chat_request(const canonical::ChatRequest& request,
                                                      const TranslateTarget& target);

}  // namespace llmgw::providers::anthropic
