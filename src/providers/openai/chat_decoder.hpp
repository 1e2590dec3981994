#pragma once
// OpenAI `chat.completion` body → canonical ChatResponse (translated path).

#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::providers::openai {

/// Reads every choice: content as a string or an array of text/refusal parts (a refusal
/// with no content becomes the text, so the client sees why), reasoning_content or
/// reasoning, tool_calls (and the deprecated function_call), finish_reason; and usage with
/// its details. A tool call without an id gets "call_<response id>_<choice>_<n>".
/// An `error` member (some servers answer 200 with one) is that error; a body that is not
/// a chat completion is upstream_protocol.
Result<canonical::ChatResponse> decode_chat_completion(std::string_view body);

}  // namespace llmgw::providers::openai
