#pragma once
// OpenAI `messages` → canonical system texts and turns (part of parse_chat_request).

#include <optional>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::dialects::openai {

/// Appends system/developer texts to request.system and every other turn to
/// request.messages. Content the canonical form cannot carry (audio, files, the deprecated
/// `function` role) is a 400 naming where it is.
std::optional<Error> parse_messages(const canonical::Json& messages,
                                    canonical::ChatRequest& request);

}  // namespace llmgw::dialects::openai
