#pragma once
// Complete (non-streamed) Anthropic responses.

#include <string>
#include <string_view>

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::anthropic {

/// Fast path: the body goes to the client unchanged once it is known to be a JSON object;
/// a `message` (endpoint messages) also yields its usage. count_tokens bills nothing.
Result<DecodedResponse> decode_response(Endpoint endpoint, std::string body);

/// Translated path: a `message` → ChatResponse. Text blocks are joined, thinking becomes
/// reasoning, tool_use becomes a ToolCall whose arguments are the input as JSON text (the
/// reserved JSON-response tool becomes text instead), unknown block types are skipped.
/// Wrong shapes are upstream_protocol errors.
Result<canonical::ChatResponse> decode_message(std::string_view body);

}  // namespace llmgw::providers::anthropic
