#include "providers/anthropic/request_encoder.hpp"

#include "json/json_string.hpp"
#include "providers/anthropic/headers.hpp"

namespace llmgw::providers::anthropic {
namespace {

bool spans_are_sane(const RequestBody& body) {
  const std::size_t size = body.raw.size();
  const JsonSpan& model = body.model_value;
  return body.object_open < size && body.raw[body.object_open] == '{' && !model.empty() &&
         model.begin > body.object_open && model.begin < model.end && model.end <= size;
}

std::string splice_model(const RequestBody& body, std::string_view upstream_model) {
  std::string model;
  json::append_quoted(model, upstream_model);
  std::string out;
  out.reserve(body.raw.size() + model.size());
  out.append(body.raw, 0, body.model_value.begin);
  out.append(model);
  out.append(body.raw, body.model_value.end, std::string::npos);
  return out;
}

}  // namespace

std::string_view endpoint_path(Endpoint endpoint) noexcept {
  return endpoint == Endpoint::count_tokens ? "/v1/messages/count_tokens" : "/v1/messages";
}

Result<EncodedRequest> encode_request(const EncodeInput& input) {
  if (input.endpoint != Endpoint::messages && input.endpoint != Endpoint::count_tokens) {
    return endpoint_unsupported(to_string(input.endpoint), input.provider);
  }
  if (!spans_are_sane(input.body)) {
    return Error::internal("request body was not parsed before encoding");
  }
  // count_tokens answers with one JSON object whatever the body says about streaming.
  const bool stream = input.body.stream && input.endpoint == Endpoint::messages;
  auto headers = build_headers(input.provider, input.client_headers, stream);
  if (!headers.ok()) return std::move(headers).error();

  EncodedRequest encoded;
  encoded.request.target = input.provider.origin.base_path;
  encoded.request.target += endpoint_path(input.endpoint);
  encoded.request.headers = std::move(headers).value();
  encoded.request.body = splice_model(input.body, input.deployment.upstream_model);
  return encoded;
}

}  // namespace llmgw::providers::anthropic
