#pragma once
// The adapter for Google Gemini: the Generative Language API and Vertex AI. Gemini speaks
// neither client dialect, so every request is translated through the canonical form.

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::gemini {

class GeminiAdapter final : public ProviderAdapter {
 public:
  std::optional<Dialect> native_dialect() const override { return std::nullopt; }

  // The byte fast path exists only for providers with a native dialect; the proxy never
  // calls these for Gemini, so they answer with an internal error (and no decoder).
  Result<EncodedRequest> encode(const EncodeInput& input) const override;
  Result<DecodedResponse> decode(Endpoint endpoint, std::string body) const override;
  std::unique_ptr<StreamDecoder> make_stream_decoder(const EncodedRequest& request) const override;

  Result<upstream::UpstreamRequest> encode_chat(const canonical::ChatRequest& request,
                                                const TranslateTarget& target) const override;
  Result<canonical::ChatResponse> decode_chat(std::string_view body) const override;
  std::unique_ptr<canonical::EventDecoder> make_event_decoder(
      std::string_view id_seed) const override;
  Result<upstream::UpstreamRequest> encode_embeddings(const canonical::EmbeddingRequest& request,
                                                      const TranslateTarget& target) const override;
  Result<canonical::EmbeddingResponse> decode_embeddings(std::string_view body) const override;
  Error map_error(int status, std::string_view body, const Headers& headers) const override;
};

}  // namespace llmgw::providers::gemini
