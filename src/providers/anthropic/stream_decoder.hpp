#pragma once
// Anthropic SSE → a client that also speaks Anthropic (the fast path): every complete event
// is relayed as it arrives, its data bytes untouched. Only message_start and message_delta
// (usage), content_block_delta (first content), message_stop (done) and error are looked at.

#include <string>

#include "providers/anthropic/usage.hpp"
#include "providers/sse_relay_decoder.hpp"

namespace llmgw::providers::anthropic {

class AnthropicStreamDecoder final : public SseRelayDecoder {
 public:
  explicit AnthropicStreamDecoder(std::size_t max_event_bytes = sse::kDefaultMaxEventBytes);

 private:
  void on_event(const sse::Event& event, StreamOutput& out, bool at_end) override;
  void read_usage(const Json& usage, StreamOutput& out);

  UsageAccumulator usage_;
};

/// Re-frames one event for the client: `event: <type>` (when named), its data lines as
/// received, a blank line. Anthropic sends exactly this framing, so the bytes match its own.
void append_event(std::string& out, std::string_view type, std::string_view data);

}  // namespace llmgw::providers::anthropic
