#pragma once
// The shell both fast-path stream decoders share (OpenAI → OpenAI, Anthropic → Anthropic):
// SSE framing, a finish that runs once, the error for an oversized event and the error for a
// stream that ends before its terminal event. Subclasses see complete events only.

#include <cstddef>
#include <string_view>

#include "llmgw/providers/provider.hpp"
#include "sse/sse_parser.hpp"

namespace llmgw::providers {

class SseRelayDecoder : public StreamDecoder {
 public:
  void feed(std::string_view bytes, StreamOutput& out) final;
  void finish(StreamOutput& out) final;

 protected:
  /// `cut_short_message`: the protocol error reported when the stream ends before the
  /// subclass called mark_done() (a string literal: it is kept as a view).
  SseRelayDecoder(std::size_t max_event_bytes, std::string_view cut_short_message);

  /// One complete event; `at_end` when only the end of the stream completed it (it may have
  /// been cut off).
  virtual void on_event(const sse::Event& event, StreamOutput& out, bool at_end) = 0;

  /// The terminal event was seen: the stream is complete, later events are not part of it.
  void mark_done() noexcept { done_ = true; }
  /// An error was reported in `out`; later failures are not reported again.
  void mark_errored() noexcept { errored_ = true; }
  bool done() const noexcept { return done_; }
  bool errored() const noexcept { return errored_; }

 private:
  void drain(StreamOutput& out, bool at_end);

  sse::Parser parser_;
  std::string_view cut_short_message_;
  bool done_ = false;
  bool errored_ = false;
  bool finished_ = false;
};

}  // namespace llmgw::providers
