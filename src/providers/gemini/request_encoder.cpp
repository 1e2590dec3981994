#include "providers/gemini/request_encoder.hpp"

#include <utility>

#include "providers/gemini/content_encoder.hpp"
#include "providers/gemini/endpoint.hpp"
#include "providers/gemini/provider_json.hpp"
#include "providers/gemini/schema_filter.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::ChatRequest;
using canonical::ResponseFormat;
using canonical::ToolChoice;

std::optional<Error> check_unsupported(const ChatRequest& request, const TranslateTarget& target) {
  for (const auto& extra : request.extra) {
    if (auto error = reject_unsupported(extra.name, target)) return error;
  }
  if (request.parallel_tool_calls == false) {
    if (auto error = reject_unsupported("parallel_tool_calls", target)) return error;
  }
  return std::nullopt;
}

Result<Json> encode_tools(const ChatRequest& request) {
  Json declarations = Json::array();
  for (std::size_t i = 0; i < request.tools.size(); ++i) {
    const auto& tool = request.tools[i];
    Json declaration = Json::object();
    declaration["name"] = tool.name;
    if (!tool.description.empty()) declaration["description"] = tool.description;
    Result<Json> parameters =
        filter_schema(tool.parameters, "tools[" + std::to_string(i) + "].function.parameters");
    if (!parameters.ok()) return std::move(parameters).error();
    // Gemini rejects an OBJECT schema without properties: a tool taking nothing says so by
    // having no parameters at all.
    if (!is_empty_object_schema(parameters.value())) {
      declaration["parameters"] = std::move(parameters).value();
    }
    declarations.push_back(std::move(declaration));
  }
  Json tool = Json::object();
  tool["functionDeclarations"] = std::move(declarations);
  Json tools = Json::array();
  tools.push_back(std::move(tool));
  return tools;
}

Json encode_tool_config(const ToolChoice& choice) {
  Json config = Json::object();
  switch (choice.mode) {
    case ToolChoice::Mode::unset: return Json();
    case ToolChoice::Mode::auto_: config["mode"] = "AUTO"; break;
    case ToolChoice::Mode::none: config["mode"] = "NONE"; break;
    case ToolChoice::Mode::required: config["mode"] = "ANY"; break;
    case ToolChoice::Mode::named:
      config["mode"] = "ANY";
      config["allowedFunctionNames"] = Json::array({choice.name});
      break;
  }
  Json tool_config = Json::object();
  tool_config["functionCallingConfig"] = std::move(config);
  return tool_config;
}

Result<Json> encode_generation_config(const ChatRequest& request) {
  Json config = Json::object();
  if (request.max_tokens) config["maxOutputTokens"] = *request.max_tokens;
  if (request.temperature) config["temperature"] = *request.temperature;
  if (request.top_p) config["topP"] = *request.top_p;
  if (request.top_k) config["topK"] = *request.top_k;
  if (!request.stop.empty()) config["stopSequences"] = request.stop;
  if (request.n != 1) config["candidateCount"] = request.n;
  if (request.seed) config["seed"] = *request.seed;
  if (request.presence_penalty) config["presencePenalty"] = *request.presence_penalty;
  if (request.frequency_penalty) config["frequencyPenalty"] = *request.frequency_penalty;
  const ResponseFormat& format = request.response_format;
  if (format.kind != ResponseFormat::Kind::text) {
    config["responseMimeType"] = "application/json";
  }
  if (format.kind == ResponseFormat::Kind::json_schema && !format.schema.is_null()) {
    Result<Json> schema = filter_schema(format.schema, "response_format.json_schema.schema");
    if (!schema.ok()) return std::move(schema).error();
    config["responseSchema"] = std::move(schema).value();
  }
  return config;
}

}  // namespace

Result<Json> encode_chat_body(const ChatRequest& request, const TranslateTarget& target) {
  if (auto error = check_unsupported(request, target)) return std::move(*error);
  Result<EncodedContents> contents = encode_contents(request);
  if (!contents.ok()) return std::move(contents).error();

  Json body = Json::object();
  body["contents"] = std::move(contents->contents);
  if (!contents->system_instruction.is_null()) {
    body["systemInstruction"] = std::move(contents->system_instruction);
  }
  if (!request.tools.empty()) {
    Result<Json> tools = encode_tools(request);
    if (!tools.ok()) return std::move(tools).error();
    body["tools"] = std::move(tools).value();
  }
  if (Json tool_config = encode_tool_config(request.tool_choice); !tool_config.is_null()) {
    body["toolConfig"] = std::move(tool_config);
  }
  Result<Json> generation = encode_generation_config(request);
  if (!generation.ok()) return std::move(generation).error();
  if (!generation->empty()) body["generationConfig"] = std::move(generation).value();
  return body;
}

Result<upstream::UpstreamRequest> encode_chat_request(const ChatRequest& request,
                                                      const TranslateTarget& target) {
  const Method method = request.stream ? Method::stream_generate_content : Method::generate_content;
  Result<std::string> path =
      upstream_target(target.provider, target.deployment.upstream_model, method);
  if (!path.ok()) return std::move(path).error();
  Result<Headers> headers = upstream_headers(target.provider, request.stream);
  if (!headers.ok()) return std::move(headers).error();
  Result<Json> body = encode_chat_body(request, target);
  if (!body.ok()) return std::move(body).error();

  upstream::UpstreamRequest out;
  out.target = std::move(path).value();
  out.headers = std::move(headers).value();
  out.body = dump_json(body.value());
  return out;
}

}  // namespace llmgw::providers::gemini
