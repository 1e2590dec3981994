#pragma once
// Canonical chat response → OpenAI `chat.completion` JSON.

#include <string>

#include "llmgw/canonical/chat.hpp"

namespace llmgw::dialects::openai {

/// `id` is the provider's, or "chatcmpl-" + request id; `model` the public name.
std::string render_chat_response(const canonical::ChatResponse& response,
                                 const canonical::RenderContext& context);

}  // namespace llmgw::dialects::openai
