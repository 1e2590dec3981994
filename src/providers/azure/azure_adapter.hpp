#pragma once
// Azure OpenAI: OpenAI's wire behind other URLs and another auth header. Every body, stream
// and error piece is the OpenAI adapter's (Azure's extras - prompt_filter_results,
// content_filter_results, string error codes - are shapes those already accept); the route
// differs (azure_routes.hpp), and the fast-path stream drops Azure's choiceless first chunk.

#include "llmgw/providers/provider.hpp"
#include "providers/openai/openai_adapter.hpp"

namespace llmgw::providers::azure {

class AzureOpenAiAdapter final : public ProviderAdapter {
 public:
  std::optional<Dialect> native_dialect() const override { return Dialect::openai; }
  /// Chat, completions and embeddings: the client's body forwarded (model spliced) to the
  /// deployment route.
  Result<EncodedRequest> encode(const EncodeInput& input) const override;
  Result<DecodedResponse> decode(Endpoint endpoint, std::string body) const override;
  std::unique_ptr<StreamDecoder> make_stream_decoder(const EncodedRequest& request) const override;
  Result<upstream::UpstreamRequest> encode_chat(const canonical::ChatRequest& request,
                                                const TranslateTarget& target) const override;
  Result<canonical::ChatResponse> decode_chat(std::string_view body) const override;
  std::unique_ptr<canonical::EventDecoder> make_event_decoder(
      std::string_view id_seed) const override;
  Error map_error(int status, std::string_view body, const Headers& headers) const override;

 private:
  openai::OpenAiAdapter openai_;  ///< Stateless; owns the shared response handling.
};

}  // namespace llmgw::providers::azure
