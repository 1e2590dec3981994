#include "providers/openai/request_encoder.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "json/json_string.hpp"
#include "json/top_level_scanner.hpp"

namespace llmgw::providers::openai {
namespace {

constexpr std::string_view kUsageOptionsMember = R"("stream_options":{"include_usage":true})";

struct Splice {
  std::size_t begin;
  std::size_t end;
  std::string text;
};

/// Splices that make the body ask for streamed usage. Byte-level like the model splice:
/// the client's other stream options keep their exact bytes (nothing is re-serialized).
std::optional<Error> add_usage_splices(const RequestBody& body, std::vector<Splice>& splices) {
  const std::string& raw = body.raw;
  if (body.stream_options_member.empty()) {
    const std::size_t after_open = body.object_open + 1;
    const std::size_t first = json::skip_whitespace(raw, after_open);
    std::string member(kUsageOptionsMember);
    if (first < raw.size() && raw[first] != '}') member.push_back(',');
    splices.push_back({after_open, after_open, std::move(member)});
    return std::nullopt;
  }
  const JsonSpan member = body.stream_options_member;
  const json::StringScan key = json::scan_string(raw, member.begin);
  const std::size_t colon = key.ok ? json::skip_whitespace(raw, key.end) : raw.size();
  if (colon >= member.end || raw[colon] != ':') {
    return Error::invalid_request("Invalid 'stream_options'.", "stream_options");
  }
  const std::size_t value_begin = json::skip_whitespace(raw, colon + 1);
  const std::string_view value(raw.data() + value_begin, member.end - value_begin);
  if (value == "null") {
    splices.push_back({value_begin, member.end, R"({"include_usage":true})"});
    return std::nullopt;
  }
  json::TopLevelObject options;
  if (!json::scan_top_level(value, options).ok()) {
    return Error::invalid_request("Invalid 'stream_options'.", "stream_options");
  }
  bool replaced = false;
  for (const json::Member& option : options.members) {
    if (option.key != "include_usage") continue;  // every duplicate, whichever one wins upstream
    splices.push_back({value_begin + option.value_begin, value_begin + option.value_end, "true"});
    replaced = true;
  }
  if (!replaced) {
    std::string inserted = R"("include_usage":true)";
    if (!options.members.empty()) inserted.push_back(',');
    const std::size_t after_open = value_begin + options.open + 1;
    splices.push_back({after_open, after_open, std::move(inserted)});
  }
  return std::nullopt;
}

Result<std::string> build_body(const EncodeInput& input, bool add_usage) {
  const RequestBody& body = input.body;
  const std::string& raw = body.raw;
  std::vector<Splice> splices;
  std::string model;
  json::append_quoted(model, input.deployment.upstream_model);
  splices.push_back({body.model_value.begin, body.model_value.end, std::move(model)});
  if (add_usage) {
    if (auto error = add_usage_splices(body, splices)) return std::move(*error);
  }
  std::sort(splices.begin(), splices.end(),
            [](const Splice& a, const Splice& b) { return a.begin < b.begin; });
  std::size_t extra = 0;
  for (const auto& splice : splices) extra += splice.text.size();
  std::string out;
  out.reserve(raw.size() + extra);
  std::size_t copied = 0;
  for (const auto& splice : splices) {
    out.append(raw, copied, splice.begin - copied);
    out.append(splice.text);
    copied = splice.end;
  }
  out.append(raw, copied, std::string::npos);
  return out;
}

bool spans_are_sane(const RequestBody& body) {
  const std::size_t size = body.raw.size();
  const JsonSpan& model = body.model_value;
  const JsonSpan& options = body.stream_options_member;
  const bool overlap = !options.empty() && options.begin < model.end && model.begin < options.end;
  return body.object_open < size && body.raw[body.object_open] == '{' && !model.empty() &&
         model.begin > body.object_open && model.end <= size && options.begin <= options.end &&
         options.end <= size && !overlap;
}

}  // namespace

std::string_view endpoint_path(Endpoint endpoint) noexcept {
  switch (endpoint) {
    case Endpoint::chat_completions: return "/chat/completions";
    case Endpoint::completions: return "/completions";
    case Endpoint::embeddings: return "/embeddings";
    // Anthropic-dialect endpoints reach OpenAI-wire providers only through translation.
    case Endpoint::messages:
    case Endpoint::count_tokens: break;
    // Answered by the gateway itself; never sent upstream.
    case Endpoint::models_list:
    case Endpoint::model_get: break;
  }
  return "/chat/completions";
}

UpstreamRoute openai_route(const config::ProviderConfig& provider, Endpoint endpoint) {
  UpstreamRoute route;
  route.target = provider.origin.base_path;
  route.target += endpoint_path(endpoint);
  return route;
}

Result<EncodedRequest> encode_request(const EncodeInput& input) {
  return encode_request(input, openai_route(input.provider, input.endpoint));
}

Result<EncodedRequest> encode_request(const EncodeInput& input, UpstreamRoute route) {
  if (!spans_are_sane(input.body)) {
    return Error::internal("request body was not parsed before encoding");
  }
  // Embeddings never stream; for the others the gateway needs usage to meter the request.
  const bool stream = input.body.stream && input.endpoint != Endpoint::embeddings;
  const bool add_usage = stream && input.provider.stream_usage && !input.body.include_usage;
  auto body = build_body(input, add_usage);
  if (!body.ok()) return std::move(body).error();
  auto headers = build_headers(input.provider, input.client_headers, stream, route.auth);
  if (!headers.ok()) return std::move(headers).error();

  EncodedRequest encoded;
  encoded.request.target = std::move(route.target);
  encoded.request.headers = std::move(headers).value();
  encoded.request.body = std::move(body).value();
  encoded.strip_usage_chunk = add_usage;
  return encoded;
}

}  // namespace llmgw::providers::openai
