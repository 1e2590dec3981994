#include "providers/bedrock/bedrock_adapter.hpp"

#include "providers/bedrock/bedrock_errors.hpp"
#include "providers/bedrock/converse_request.hpp"
#include "providers/bedrock/converse_response.hpp"
#include "providers/bedrock/converse_stream_decoder.hpp"
#include "providers/bedrock/signed_request.hpp"

namespace llmgw::providers::bedrock {

// The byte fast path exists only for providers with a native_dialect(); Bedrock has none,
// so the pipeline never calls these three. They answer with an internal error rather than
// guess if a future caller does.
Result<EncodedRequest> BedrockAdapter::encode(const EncodeInput& /*input*/) const {
  return Error::internal("Bedrock has no native client dialect: requests must be translated");
}

Result<DecodedResponse> BedrockAdapter::decode(Endpoint /*endpoint*/, std::string /*body*/) const {
  return Error::internal("Bedrock has no native client dialect: responses must be translated");
}

std::unique_ptr<StreamDecoder> BedrockAdapter::make_stream_decoder(
    const EncodedRequest& /*request*/) const {
  return nullptr;  // see encode(): never called for a provider without a native dialect
}

Result<upstream::UpstreamRequest> BedrockAdapter::encode_chat(const canonical::ChatRequest& request,
                                                              const TranslateTarget& target) const {
  Result<canonical::Json> body = build_converse_body(request, target);
  if (!body.ok()) return std::move(body).error();
  return build_signed_request(body->dump(-1, ' ', false, canonical::Json::error_handler_t::replace),
                              request.stream, target);
}

Result<canonical::ChatResponse> BedrockAdapter::decode_chat(std::string_view body) const {
  return decode_converse_response(body);
}

std::unique_ptr<canonical::EventDecoder> BedrockAdapter::make_event_decoder(
    std::string_view id_seed) const {
  return std::make_unique<ConverseStreamDecoder>(id_seed);
}

Error BedrockAdapter::map_error(int status, std::string_view body, const Headers& headers) const {
  return map_error_response(status, body, headers);
}

}  // namespace llmgw::providers::bedrock
