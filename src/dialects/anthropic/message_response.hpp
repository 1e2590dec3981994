#pragma once
// Canonical chat response → Anthropic `message` JSON.

#include <string>

#include "llmgw/canonical/chat.hpp"

namespace llmgw::dialects::anthropic {

/// `id` is the provider's when it looks like msg_..., else "msg_" + request id.
std::string render_message(const canonical::ChatResponse& response,
                           const canonical::RenderContext& context);

}  // namespace llmgw::dialects::anthropic
