#include "providers/azure/azure_adapter.hpp"

#include "providers/azure/azure_routes.hpp"
#include "providers/openai/chat_encoder.hpp"
#include "providers/openai/request_encoder.hpp"
#include "providers/openai/stream_decoder.hpp"

namespace llmgw::providers::azure {

Result<EncodedRequest> AzureOpenAiAdapter::encode(const EncodeInput& input) const {
  return openai::encode_request(
      input, azure_route(input.provider, input.deployment.upstream_model, input.endpoint));
}

Result<DecodedResponse> AzureOpenAiAdapter::decode(Endpoint endpoint, std::string body) const {
  return openai_.decode(endpoint, std::move(body));
}

std::unique_ptr<StreamDecoder> AzureOpenAiAdapter::make_stream_decoder(
    const EncodedRequest& request) const {
  // Azure's first chunk holds only prompt_filter_results under an empty id and no choices:
  // OpenAI clients that read choices[0] or want a non-empty id break on it.
  return std::make_unique<openai::OpenAiStreamDecoder>(
      request.strip_usage_chunk, sse::kDefaultMaxEventBytes, openai::ChoicelessChunks::drop);
}

Result<upstream::UpstreamRequest> AzureOpenAiAdapter::encode_chat(
    const canonical::ChatRequest& request, const TranslateTarget& target) const {
  return openai::encode_chat_request(
      request, target,
      azure_route(target.provider, target.deployment.upstream_model, Endpoint::chat_completions));
}

Result<canonical::ChatResponse> AzureOpenAiAdapter::decode_chat(std::string_view body) const {
  return openai_.decode_chat(body);
}

std::unique_ptr<canonical::EventDecoder> AzureOpenAiAdapter::make_event_decoder(
    std::string_view id_seed) const {
  return openai_.make_event_decoder(id_seed);
}

Error AzureOpenAiAdapter::map_error(int status, std::string_view body,
                                    const Headers& headers) const {
  return openai_.map_error(status, body, headers);
}

}  // namespace llmgw::providers::azure
