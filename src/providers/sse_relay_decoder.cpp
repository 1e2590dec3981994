#include "providers/sse_relay_decoder.hpp"

#include <string>

namespace llmgw::providers {

SseRelayDecoder::SseRelayDecoder(std::size_t max_event_bytes, std::string_view cut_short_message)
    : parser_(max_event_bytes), cut_short_message_(cut_short_message) {}

void SseRelayDecoder::feed(std::string_view bytes, StreamOutput& out) {
  if (finished_) return;
  parser_.push(bytes);
  drain(out, /*at_end=*/false);
}

void SseRelayDecoder::finish(StreamOutput& out) {
  if (finished_) return;
  finished_ = true;
  if (!parser_.failed()) {
    parser_.finish();
    drain(out, /*at_end=*/true);
  }
  if (!done_ && !errored_) out.error = Error::upstream_protocol(std::string(cut_short_message_));
}

void SseRelayDecoder::drain(StreamOutput& out, bool at_end) {
  while (auto event = parser_.next()) on_event(*event, out, at_end);
  // After the terminal event the response is complete; an oversized trailer cannot spoil it.
  if (parser_.failed() && !errored_ && !done_) {
    errored_ = true;
    out.error = Error::upstream_protocol("upstream sent an SSE event larger than " +
                                         std::to_string(parser_.max_event_bytes()) + " bytes");
  }
}

}  // namespace llmgw::providers
