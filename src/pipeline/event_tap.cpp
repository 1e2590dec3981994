#include "pipeline/event_tap.hpp"

namespace llmgw::pipeline {

using canonical::StreamEvent;
using Kind = StreamEvent::Kind;

void EventTap::pass(StreamEvent& event) {
  if (blocked_) return;
  Verdict verdict = chain_.event(ctx_, event);
  if (verdict.stop) {
    blocked_ = std::move(verdict.stop);
    if (next_ != nullptr) next_->error(*blocked_);
    return;
  }
  if (next_ != nullptr) canonical::dispatch(event, *next_);
}

void EventTap::message_start(std::string_view id, std::string_view model) {
  StreamEvent event{.kind = Kind::message_start, .id = id, .model = model};
  pass(event);
}

void EventTap::text_delta(int choice, std::string_view text) {
  StreamEvent event{.kind = Kind::text_delta, .choice = choice, .text = text};
  pass(event);
}

void EventTap::reasoning_delta(int choice, std::string_view text) {
  StreamEvent event{.kind = Kind::reasoning_delta, .choice = choice, .text = text};
  pass(event);
}

void EventTap::tool_call_start(int choice, int tool_index, std::string_view id,
                               std::string_view name) {
  StreamEvent event{.kind = Kind::tool_call_start,
                    .choice = choice,
                    .tool_index = tool_index,
                    .id = id,
                    .name = name};
  pass(event);
}

void EventTap::tool_call_delta(int choice, int tool_index, std::string_view arguments) {
  StreamEvent event{
      .kind = Kind::tool_call_delta, .choice = choice, .tool_index = tool_index, .text = arguments};
  pass(event);
}

void EventTap::choice_finish(int choice, canonical::FinishReason reason,
                             std::string_view stop_sequence) {
  StreamEvent event{
      .kind = Kind::choice_finish, .choice = choice, .text = stop_sequence, .finish = reason};
  pass(event);
}

void EventTap::usage(const Usage& usage) {
  StreamEvent event{.kind = Kind::usage, .usage = &usage};
  pass(event);
}

void EventTap::message_end() {
  StreamEvent event{.kind = Kind::message_end};
  pass(event);
}

void EventTap::error(const Error& error) {
  StreamEvent event{.kind = Kind::error, .error = &error};
  pass(event);
}

}  // namespace llmgw::pipeline
