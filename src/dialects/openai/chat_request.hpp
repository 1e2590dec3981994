#pragma once
// OpenAI Chat Completions request → canonical form, for providers that do not speak OpenAI.

#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::dialects::openai {

/// Parses a /v1/chat/completions body (already validated as JSON with model/messages).
/// Errors are 400s in OpenAI terms naming the offending field (`messages[2].content`).
/// Known parameters without a canonical field (logprobs, logit_bias, audio, ...) land in
/// ChatRequest::extra; harmless metadata (store, metadata, service_tier, ...) is dropped.
Result<canonical::ChatRequest> parse_chat_request(std::string_view body);

}  // namespace llmgw::dialects::openai
