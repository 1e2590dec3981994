#include "proxy/observed_stream_decoder.hpp"

namespace llmgw::proxy {

ObservedStreamDecoder::ObservedStreamDecoder(std::unique_ptr<providers::StreamDecoder> bytes,
                                             std::unique_ptr<canonical::EventDecoder> events,
                                             const pipeline::Chain& chain, RequestContext& ctx)
    : bytes_(std::move(bytes)), events_(std::move(events)), tap_(chain, ctx, nullptr) {}

bool ObservedStreamDecoder::blocked(providers::StreamOutput& out) {
  if (!tap_.blocked()) return false;
  out.error = *tap_.blocked();
  return true;
}

void ObservedStreamDecoder::feed(std::string_view bytes, providers::StreamOutput& out) {
  events_->feed(bytes, tap_);
  if (blocked(out)) return;
  bytes_->feed(bytes, out);
}

void ObservedStreamDecoder::finish(providers::StreamOutput& out) {
  events_->finish(tap_);
  if (blocked(out)) return;
  bytes_->finish(out);
}

}  // namespace llmgw::proxy
