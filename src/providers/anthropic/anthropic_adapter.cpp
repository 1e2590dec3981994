#include "providers/anthropic/anthropic_adapter.hpp"

#include "providers/anthropic/chat_encoder.hpp"
#include "providers/anthropic/error_mapper.hpp"
#include "providers/anthropic/event_decoder.hpp"
#include "providers/anthropic/request_encoder.hpp"
#include "providers/anthropic/response_decoder.hpp"
#include "providers/anthropic/stream_decoder.hpp"

namespace llmgw::providers::anthropic {

Result<EncodedRequest> AnthropicAdapter::encode(const EncodeInput& input) const {
  return encode_request(input);
}

Result<DecodedResponse> AnthropicAdapter::decode(Endpoint endpoint, std::string body) const {
  return decode_response(endpoint, std::move(body));
}

std::unique_ptr<StreamDecoder> AnthropicAdapter::make_stream_decoder(
    const EncodedRequest& /*request*/) const {
  return std::make_unique<AnthropicStreamDecoder>();
}

Result<upstream::UpstreamRequest> AnthropicAdapter::encode_chat(
    const canonical::ChatRequest& request, const TranslateTarget& target) const {
  return encode_chat_request(request, target);
}

Result<canonical::ChatResponse> AnthropicAdapter::decode_chat(std::string_view body) const {
  return decode_message(body);
}

std::unique_ptr<canonical::EventDecoder> AnthropicAdapter::make_event_decoder(
    std::string_view id_seed) const {
  return std::make_unique<AnthropicEventDecoder>(std::string(id_seed));
}

Error AnthropicAdapter::map_error(int status, std::string_view body, const Headers& headers) const {
  return map_error_response(status, body, headers);
}

}  // namespace llmgw::providers::anthropic
