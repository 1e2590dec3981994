#pragma once
// Canonical conversation → Anthropic `messages`: roles alternate (consecutive same-role turns
// are merged, tool results become user turns), tool results lead their user turn, empty
// text is dropped (Anthropic rejects empty text blocks), tool call arguments become objects.

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::providers::anthropic {

/// Errors (400) name the canonical message: `messages[i].tool_calls[j].function.arguments`
/// when arguments are not a JSON object, `messages[i].content[k]` for an image type
/// Anthropic does not take. Assistant reasoning is not sent: Anthropic only accepts thinking
/// blocks back with the signature the canonical form does not carry.
Result<canonical::Json> encode_messages(const std::vector<canonical::Message>& messages);

}  // namespace llmgw::providers::anthropic
