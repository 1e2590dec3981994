#include "providers/openai/openai_adapter.hpp"

#include "json/top_level_scanner.hpp"
#include "providers/openai/chat_decoder.hpp"
#include "providers/openai/chat_encoder.hpp"
#include "providers/openai/error_mapper.hpp"
#include "providers/openai/event_decoder.hpp"
#include "providers/openai/request_encoder.hpp"
#include "providers/openai/stream_decoder.hpp"
#include "providers/openai/usage_parser.hpp"

namespace llmgw::providers::openai {

Result<EncodedRequest> OpenAiAdapter::encode(const EncodeInput& input) const {
  return encode_request(input);
}

Result<DecodedResponse> OpenAiAdapter::decode(Endpoint /*endpoint*/, std::string body) const {
  // One validating pass (leading blank lines, as DeepSeek sends while busy, are fine); the
  // body goes to the client unchanged and only the usage object is parsed.
  json::TopLevelObject object;
  const json::ScanResult scan = json::scan_top_level(body, object);
  if (scan.status == json::ScanStatus::not_an_object) {
    return Error::upstream_protocol("upstream response body is not a JSON object");
  }
  if (!scan.ok()) {
    return Error::upstream_protocol("upstream response body is not valid JSON (" +
                                    std::string(scan.reason) + " at byte " +
                                    std::to_string(scan.offset) + ")");
  }
  DecodedResponse response;
  const json::Member* usage = object.find("usage");
  if (usage != nullptr && usage->type == json::ValueType::object) {
    response.usage = parse_usage(usage->value(body));
  }
  response.body = std::move(body);
  return response;
}

std::unique_ptr<StreamDecoder> OpenAiAdapter::make_stream_decoder(
    const EncodedRequest& request) const {
  return std::make_unique<OpenAiStreamDecoder>(request.strip_usage_chunk);
}

Result<upstream::UpstreamRequest> OpenAiAdapter::encode_chat(const canonical::ChatRequest& request,
                                                             const TranslateTarget& target) const {
  return encode_chat_request(request, target,
                             openai_route(target.provider, Endpoint::chat_completions));
}

Result<canonical::ChatResponse> OpenAiAdapter::decode_chat(std::string_view body) const {
  return decode_chat_completion(body);
}

std::unique_ptr<canonical::EventDecoder> OpenAiAdapter::make_event_decoder(
    std::string_view id_seed) const {
  return std::make_unique<OpenAiEventDecoder>(std::string(id_seed));
}

Error OpenAiAdapter::map_error(int status, std::string_view body, const Headers& headers) const {
  return map_error_response(status, body, headers);
}

}  // namespace llmgw::providers::openai
