#pragma once
// A client dialect's stream encoder: canonical events in, the client's SSE bytes out.
// Composed with a provider's EventDecoder it is the translated streaming path.

#include "llmgw/canonical/events.hpp"
#include "llmgw/providers/provider.hpp"

namespace llmgw::dialects {

/// Contract for implementations, per event:
///  - every byte for the client goes to out().client_bytes, whole SSE events only;
///  - text/reasoning/tool deltas set out().saw_content;
///  - usage() stores the latest usage (the relay bills it) and out().usage;
///  - message_end() writes the dialect's terminal events and sets out().done;
///  - error() writes the dialect's in-stream error event, sets out().error and
///    out().error_forwarded (the relay then only ends the stream).
class StreamEncoder : public canonical::EventSink {
 public:
  /// Where the following events are written; the caller binds before every feed/finish.
  void bind(providers::StreamOutput& out) noexcept { out_ = &out; }

 protected:
  providers::StreamOutput& out() noexcept { return *out_; }

 private:
  providers::StreamOutput* out_ = nullptr;
};

}  // namespace llmgw::dialects
