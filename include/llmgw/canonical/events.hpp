#pragma once
// The canonical stream: what a provider's event decoder reports and what a client dialect's
// encoder turns into the client's bytes. Calls come in stream order.

#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/usage.hpp"

namespace llmgw::canonical {

class EventSink {
 public:
  virtual ~EventSink() = default;

  /// First call of a stream. `id`/`model` are the provider's and may be empty.
  virtual void message_start(std::string_view id, std::string_view model) = 0;
  virtual void text_delta(int choice, std::string_view text) = 0;
  virtual void reasoning_delta(int choice, std::string_view text) = 0;
  /// A new tool call. `tool_index` counts calls within the choice from 0 (not a provider's
  /// content-block index). `id` is never empty: decoders make one up when the provider
  /// gives none (from the id seed passed to make_event_decoder).
  virtual void tool_call_start(int choice, int tool_index, std::string_view id,
                               std::string_view name) = 0;
  /// The next piece of that call's JSON arguments text, in order; may be empty.
  virtual void tool_call_delta(int choice, int tool_index, std::string_view arguments) = 0;
  virtual void choice_finish(int choice, FinishReason reason, std::string_view stop_sequence) = 0;
  /// Cumulative usage so far; the last call wins.
  virtual void usage(const Usage& usage) = 0;
  /// The provider's terminal event arrived: the response is complete.
  virtual void message_end() = 0;
  /// The provider reported an error in the stream, or its bytes broke the protocol (then
  /// kind upstream_protocol). Nothing is reported after an error.
  virtual void error(const Error& error) = 0;
};

/// Incremental decoder of one provider response stream into canonical events.
/// Tolerates any split of the input bytes, including inside a UTF-8 sequence or a frame.
class EventDecoder {
 public:
  virtual ~EventDecoder() = default;
  virtual void feed(std::string_view bytes, EventSink& sink) = 0;
  /// The upstream body ended. A stream that ended without its terminal event reports
  /// error(upstream_protocol) instead of message_end.
  virtual void finish(EventSink& sink) = 0;
};

}  // namespace llmgw::canonical
