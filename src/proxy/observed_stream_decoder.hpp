#pragma once
// The fast path with event observers: the client still gets the provider's bytes untouched,
// while the same bytes are decoded into canonical events on the side for the stages that
// asked (Needs::events). A stage that blocks ends the stream before the bytes of the piece
// that carried the blocked event are relayed.

#include <memory>

#include "llmgw/providers/provider.hpp"
#include "pipeline/event_tap.hpp"

namespace llmgw::proxy {

class ObservedStreamDecoder final : public providers::StreamDecoder {
 public:
  ObservedStreamDecoder(std::unique_ptr<providers::StreamDecoder> bytes,
                        std::unique_ptr<canonical::EventDecoder> events,
                        const pipeline::Chain& chain, RequestContext& ctx);

  void feed(std::string_view bytes, providers::StreamOutput& out) override;
  void finish(providers::StreamOutput& out) override;

 private:
  bool blocked(providers::StreamOutput& out);

  std::unique_ptr<providers::StreamDecoder> bytes_;
  std::unique_ptr<canonical::EventDecoder> events_;
  pipeline::EventTap tap_;
};

}  // namespace llmgw::proxy
