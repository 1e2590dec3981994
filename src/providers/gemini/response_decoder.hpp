#pragma once
// A complete generateContent response → canonical ChatResponse.
//
// Tool calls Gemini sent without an id get "call_<n>", n counting the calls of the whole
// response from 0: decode_chat has no id seed, so ids are unique within one response only.
// A client sending history back is still served: tool results find their function by the
// latest earlier call with that id (content_encoder.cpp).
// A call's thoughtSignature is carried in its id (thought_signature.hpp).

#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::providers::gemini {

Result<canonical::ChatResponse> decode_chat_response(std::string_view body);

}  // namespace llmgw::providers::gemini
