#pragma once
// Provider events → client bytes, as one StreamDecoder for the relay: a provider's
// EventDecoder chained into the client dialect's StreamEncoder, optionally through a filter
// (the pipeline's event tap) that sees every event first.

#include <memory>
#include <string_view>

#include "llmgw/canonical/events.hpp"
#include "llmgw/dialects/stream_encoder.hpp"
#include "llmgw/providers/provider.hpp"

namespace llmgw::translation {

class TranslatingStreamDecoder final : public providers::StreamDecoder {
 public:
  TranslatingStreamDecoder(std::unique_ptr<canonical::EventDecoder> decoder,
                           std::unique_ptr<dialects::StreamEncoder> encoder);

  void feed(std::string_view bytes, providers::StreamOutput& out) override;
  void finish(providers::StreamOutput& out) override;

  /// The encoder, for a filter to forward to.
  dialects::StreamEncoder& encoder() noexcept { return *encoder_; }
  /// Events go to `filter` (which forwards them to encoder()) instead of straight to the
  /// encoder. `filter` outlives this decoder's use.
  void route_events_through(canonical::EventSink* filter) noexcept { filter_ = filter; }

 private:
  canonical::EventSink& front() noexcept {
    return filter_ != nullptr ? *filter_ : static_cast<canonical::EventSink&>(*encoder_);
  }

  std::unique_ptr<canonical::EventDecoder> decoder_;
  std::unique_ptr<dialects::StreamEncoder> encoder_;
  canonical::EventSink* filter_ = nullptr;
};

}  // namespace llmgw::translation
