#pragma once
// The adapter for Anthropic's Messages API. Clients that speak Anthropic take the byte fast
// path (only `model` is spliced; SSE events are relayed as they come); OpenAI clients are
// translated through the canonical form.

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::anthropic {

class AnthropicAdapter final : public ProviderAdapter {
 public:
  std::optional<Dialect> native_dialect() const override { return Dialect::anthropic; }
  Result<EncodedRequest> encode(const EncodeInput& input) const override;
  Result<DecodedResponse> decode(Endpoint endpoint, std::string body) const override;
  std::unique_ptr<StreamDecoder> make_stream_decoder(const EncodedRequest& request) const override;
  Result<upstream::UpstreamRequest> encode_chat(const canonical::ChatRequest& request,
                                                const TranslateTarget& target) const override;
  Result<canonical::ChatResponse> decode_chat(std::string_view body) const override;
  std::unique_ptr<canonical::EventDecoder> make_event_decoder(
      std::string_view id_seed) const override;
  Error map_error(int status, std::string_view body, const Headers& headers) const override;
};

}  // namespace llmgw::providers::anthropic
