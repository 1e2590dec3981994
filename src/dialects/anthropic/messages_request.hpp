#pragma once
// Anthropic Messages request (POST /v1/messages) → canonical form.

#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::dialects::anthropic {

/// Errors are 400s (rendered in Anthropic's error shape by the caller) naming the field.
Result<canonical::ChatRequest> parse_messages_request(std::string_view body);

}  // namespace llmgw::dialects::anthropic
