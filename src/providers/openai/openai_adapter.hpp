#pragma once
// The adapter for OpenAI and every OpenAI-compatible server (vLLM, Ollama, Groq, Mistral,
// DeepSeek, OpenRouter, ...): the fast path. Requests and responses pass through as bytes;
// only `model`, stream usage and errors are touched.

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::openai {

class OpenAiAdapter final : public ProviderAdapter {
 public:
  Result<EncodedRequest> encode(const EncodeInput& input) const override;
  Result<DecodedResponse> decode(Endpoint endpoint, std::string body) const override;
  std::unique_ptr<StreamDecoder> make_stream_decoder(const EncodedRequest& request) const override;
  Error map_error(int status, std::string_view body, const Headers& headers) const override;
};

}  // namespace llmgw::providers::openai
