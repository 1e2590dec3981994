#pragma once
// Values the non-streamed message and the event stream render alike: ids, stop reasons
// and usage in Anthropic's terms.

#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/usage.hpp"

namespace llmgw::dialects::anthropic {

/// The provider's id when it already looks like an Anthropic message id, else
/// "msg_" + the gateway request id.
std::string message_id(std::string_view provider_id, std::string_view request_id);

struct StopFields {
  std::string_view stop_reason;   ///< end_turn | stop_sequence | max_tokens | tool_use | refusal
  canonical::Json stop_sequence;  ///< The matched string, or null.
};

/// Per providers.md §7.1 (reverse table). A stop without a known matched string is
/// end_turn; an unknown reason is tool_use when the model called tools, else end_turn
/// (Anthropic never leaves a finished message without a reason).
StopFields stop_fields(canonical::FinishReason reason, std::string_view stop_sequence,
                       bool made_tool_calls);

/// Anthropic usage: input_tokens counts only the uncached prompt, the cache counts apart.
canonical::Json usage_json(const Usage& usage);

/// Parses tool-call arguments into the object Anthropic's `input` must be. Empty, invalid
/// or non-object arguments give {}: Anthropic clients parse `input` as an object, and a
/// model's malformed arguments could not be executed either way.
canonical::Json tool_input(std::string_view arguments);

}  // namespace llmgw::dialects::anthropic
