#include "providers/gemini/embeddings.hpp"

#include <cmath>
#include <limits>

#include "providers/gemini/endpoint.hpp"
#include "providers/gemini/provider_json.hpp"

namespace llmgw::providers::gemini {
namespace {

Error protocol(std::string what) {
  return Error::upstream_protocol("Gemini embeddings response: " + std::move(what));
}

Result<std::vector<float>> read_values(const Json& embedding) {
  if (!embedding.is_object()) return protocol("an embedding is not an object");
  auto values = embedding.find("values");
  if (values == embedding.end() || !values->is_array()) {
    return protocol("an embedding has no values array");
  }
  std::vector<float> vector;
  vector.reserve(values->size());
  for (const Json& value : *values) {
    if (!value.is_number()) return protocol("an embedding value is not a number");
    const double number = value.get<double>();
    // Converting a double outside float's range is undefined behaviour.
    if (!(std::fabs(number) <= std::numeric_limits<float>::max())) {
      return protocol("an embedding value is out of float range");
    }
    vector.push_back(static_cast<float>(number));
  }
  return vector;
}

}  // namespace

Result<upstream::UpstreamRequest> encode_embeddings_request(
    const canonical::EmbeddingRequest& request, const TranslateTarget& target) {
  if (target.provider.gemini.vertex) {
    return endpoint_unsupported("embeddings on Vertex AI (only the Generative Language API form)",
                                target.provider);
  }
  if (request.inputs.empty()) {
    return Error::invalid_request("'input' must contain at least one text.", "input");
  }
  Result<std::string> path = upstream_target(target.provider, target.deployment.upstream_model,
                                             Method::batch_embed_contents);
  if (!path.ok()) return std::move(path).error();
  Result<Headers> headers = upstream_headers(target.provider, /*stream=*/false);
  if (!headers.ok()) return std::move(headers).error();

  const std::string model = "models/" + std::string(model_id(target.deployment.upstream_model));
  Json requests = Json::array();
  for (const std::string& input : request.inputs) {
    Json part = Json::object();
    part["text"] = input;
    Json content = Json::object();
    content["parts"] = Json::array({std::move(part)});
    Json item = Json::object();
    item["model"] = model;
    item["content"] = std::move(content);
    if (request.dimensions) item["outputDimensionality"] = *request.dimensions;
    requests.push_back(std::move(item));
  }
  Json body = Json::object();
  body["requests"] = std::move(requests);

  upstream::UpstreamRequest out;
  out.target = std::move(path).value();
  out.headers = std::move(headers).value();
  out.body = dump_json(body);
  return out;
}

Result<canonical::EmbeddingResponse> decode_embeddings_response(std::string_view body) {
  std::optional<Json> root = parse_json(body);
  if (!root || !root->is_object()) return protocol("body is not a JSON object");
  auto embeddings = root->find("embeddings");
  if (embeddings == root->end() || !embeddings->is_array()) {
    return protocol("no embeddings array");
  }
  canonical::EmbeddingResponse response;
  response.vectors.reserve(embeddings->size());
  for (const Json& embedding : *embeddings) {
    Result<std::vector<float>> values = read_values(embedding);
    if (!values.ok()) return std::move(values).error();
    response.vectors.push_back(std::move(values).value());
  }
  return response;
}

}  // namespace llmgw::providers::gemini
