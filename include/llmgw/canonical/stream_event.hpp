#pragma once
// One canonical stream event as a value, for stages that observe (or, on the canonical
// path, rewrite) a streamed answer. The EventSink calls of canonical/events.hpp are turned
// into these by the pipeline's event tap and back again.

#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/canonical/events.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/usage.hpp"

namespace llmgw::canonical {

struct StreamEvent {
  enum class Kind {
    message_start,    ///< id, model
    text_delta,       ///< choice, text
    reasoning_delta,  ///< choice, text
    tool_call_start,  ///< choice, tool_index, id, name
    tool_call_delta,  ///< choice, tool_index, text (the arguments piece)
    choice_finish,    ///< choice, finish, text (the stop sequence)
    usage,            ///< usage
    message_end,
    error,  ///< error
  };
  Kind kind = Kind::message_end;
  int choice = 0;
  int tool_index = 0;
  std::string_view id;
  std::string_view model;
  std::string_view name;
  std::string_view text;
  FinishReason finish = FinishReason::none;
  const Usage* usage = nullptr;
  const Error* error = nullptr;

  /// Storage for a rewritten text; use replace_text() (kept public so events stay aggregates).
  std::string owned_text;

  /// Replaces `text` (a rewrite by a stage on the canonical path); the event owns the copy.
  void replace_text(std::string replacement) {
    owned_text = std::move(replacement);
    text = owned_text;
  }
};

/// Calls the EventSink method that `event` stands for.
void dispatch(const StreamEvent& event, EventSink& sink);

}  // namespace llmgw::canonical
