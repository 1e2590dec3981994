#include "llmgw/canonical/stream_event.hpp"

namespace llmgw::canonical {

void dispatch(const StreamEvent& event, EventSink& sink) {
  using Kind = StreamEvent::Kind;
  switch (event.kind) {
    case Kind::message_start: sink.message_start(event.id, event.model); return;
    case Kind::text_delta: sink.text_delta(event.choice, event.text); return;
    case Kind::reasoning_delta: sink.reasoning_delta(event.choice, event.text); return;
    case Kind::tool_call_start:
      sink.tool_call_start(event.choice, event.tool_index, event.id, event.name);
      return;
    case Kind::tool_call_delta:
      sink.tool_call_delta(event.choice, event.tool_index, event.text);
      return;
    case Kind::choice_finish: sink.choice_finish(event.choice, event.finish, event.text); return;
    case Kind::usage:
      if (event.usage != nullptr) sink.usage(*event.usage);
      return;
    case Kind::message_end: sink.message_end(); return;
    case Kind::error:
      if (event.error != nullptr) sink.error(*event.error);
      return;
  }
}

}  // namespace llmgw::canonical
