#pragma once
// The adapter for AWS Bedrock Runtime through the Converse and ConverseStream APIs. Every
// client dialect is translated: Bedrock has no OpenAI- or Anthropic-shaped endpoint here.

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::bedrock {

class BedrockAdapter final : public ProviderAdapter {
 public:
  std::optional<Dialect> native_dialect() const override { return std::nullopt; }
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

}  // namespace llmgw::providers::bedrock
