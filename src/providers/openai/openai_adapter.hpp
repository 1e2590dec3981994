#pragma once
// The adapter for OpenAI and every OpenAI-compatible server (vLLM, Ollama, Groq, Mistral,
// DeepSeek, OpenRouter, ...). The fast path (client speaks OpenAI) passes requests and
// responses through as bytes, touching only `model`, stream usage and errors; the translated
// path (client speaks another dialect) goes through the canonical form.

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::openai {

class OpenAiAdapter final : public ProviderAdapter {
 public:
  std::optional<Dialect> native_dialect() const override { return Dialect::openai; }
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

}  // namespace llmgw::providers::openai
