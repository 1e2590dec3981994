#pragma once
// Shows a stream's canonical events to the stages that asked (Needs::events). It sits
// between a provider's EventDecoder and the next sink: the client's StreamEncoder on the
// canonical path, or nothing on the fast path (where the client gets the provider's bytes
// and the events are decoded on the side). After a stage blocks, the next sink gets that
// error instead of the event, and nothing more.

#include <optional>

#include "llmgw/canonical/events.hpp"
#include "llmgw/canonical/stream_event.hpp"
#include "llmgw/pipeline/chain.hpp"

namespace llmgw::pipeline {

class EventTap final : public canonical::EventSink {
 public:
  /// `next` may be null (observe only). All three outlive the tap.
  EventTap(const Chain& chain, RequestContext& ctx, canonical::EventSink* next) noexcept
      : chain_(chain), ctx_(ctx), next_(next) {}

  /// The error a stage blocked the stream with, once one did.
  const std::optional<Error>& blocked() const noexcept { return blocked_; }

  void message_start(std::string_view id, std::string_view model) override;
  void text_delta(int choice, std::string_view text) override;
  void reasoning_delta(int choice, std::string_view text) override;
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override;
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override;
  void choice_finish(int choice, canonical::FinishReason reason,
                     std::string_view stop_sequence) override;
  void usage(const Usage& usage) override;
  void message_end() override;
  void error(const Error& error) override;

 private:
  void pass(canonical::StreamEvent& event);

  const Chain& chain_;
  RequestContext& ctx_;
  canonical::EventSink* next_;
  std::optional<Error> blocked_;
};

}  // namespace llmgw::pipeline
