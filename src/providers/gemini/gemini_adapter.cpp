#include "providers/gemini/gemini_adapter.hpp"

#include "providers/gemini/embeddings.hpp"
#include "providers/gemini/error_mapper.hpp"
#include "providers/gemini/event_decoder.hpp"
#include "providers/gemini/request_encoder.hpp"
#include "providers/gemini/response_decoder.hpp"

namespace llmgw::providers::gemini {
namespace {

Error no_fast_path() {
  return Error::internal("the Gemini adapter has no native dialect: requests must be translated");
}

}  // namespace

Result<EncodedRequest> GeminiAdapter::encode(const EncodeInput& /*input*/) const {
  return no_fast_path();
}

Result<DecodedResponse> GeminiAdapter::decode(Endpoint /*endpoint*/, std::string /*body*/) const {
  return no_fast_path();
}

std::unique_ptr<StreamDecoder> GeminiAdapter::make_stream_decoder(
    const EncodedRequest& /*request*/) const {
  return nullptr;
}

Result<upstream::UpstreamRequest> GeminiAdapter::encode_chat(const canonical::ChatRequest& request,
                                                             const TranslateTarget& target) const {
  return encode_chat_request(request, target);
}

Result<canonical::ChatResponse> GeminiAdapter::decode_chat(std::string_view body) const {
  return decode_chat_response(body);
}

std::unique_ptr<canonical::EventDecoder> GeminiAdapter::make_event_decoder(
    std::string_view id_seed) const {
  return std::make_unique<GeminiEventDecoder>(id_seed);
}

Result<upstream::UpstreamRequest> GeminiAdapter::encode_embeddings(
    const canonical::EmbeddingRequest& request, const TranslateTarget& target) const {
  return encode_embeddings_request(request, target);
}

Result<canonical::EmbeddingResponse> GeminiAdapter::decode_embeddings(std::string_view body) const {
  return decode_embeddings_response(body);
}

Error GeminiAdapter::map_error(int status, std::string_view body, const Headers& headers) const {
  return map_error_response(status, body, headers);
}

}  // namespace llmgw::providers::gemini
