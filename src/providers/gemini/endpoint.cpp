#include "providers/gemini/endpoint.hpp"

namespace llmgw::providers::gemini {
namespace {

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string_view method_suffix(Method method) {
  switch (method) {
    case Method::generate_content: return ":generateContent";
    case Method::stream_generate_content: return ":streamGenerateContent?alt=sse";
    case Method::batch_embed_contents: return ":batchEmbedContents";
  }
  return ":generateContent";
}

}  // namespace

std::string encode_path_segment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (char c : segment) {
    if (unreserved(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::string_view model_id(std::string_view upstream_model) noexcept {
  constexpr std::string_view kPrefix = "models/";
  if (upstream_model.starts_with(kPrefix)) upstream_model.remove_prefix(kPrefix.size());
  return upstream_model;
}

Result<std::string> upstream_target(const config::ProviderConfig& provider,
                                    std::string_view upstream_model, Method method) {
  const std::string_view model = model_id(upstream_model);
  if (model.empty()) {
    return Error::internal("a deployment on provider '" + provider.name +
                           "' has an empty upstream model name");
  }
  std::string target = provider.origin.base_path;
  if (provider.gemini.vertex) {
    if (provider.gemini.project.empty() || provider.gemini.location.empty()) {
      return Error::internal("provider '" + provider.name +
                             "' uses Vertex AI but has no gemini.project or gemini.location");
    }
    target += "/v1/projects/" + encode_path_segment(provider.gemini.project) + "/locations/" +
              encode_path_segment(provider.gemini.location) + "/publishers/google/models/";
  } else {
    target += "/v1beta/models/";
  }
  target += encode_path_segment(model);
  target += method_suffix(method);
  return target;
}

Result<Headers> upstream_headers(const config::ProviderConfig& provider, bool stream) {
  if (!safe_header_value(provider.api_key)) {
    return Error::internal("the API key of provider '" + provider.name + "' contains line breaks");
  }
  Headers headers;
  headers.reserve(3 + provider.extra_headers.size());
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", stream ? "text/event-stream" : "application/json");
  if (!provider.api_key.empty()) {
    if (provider.gemini.vertex) {
      headers.emplace_back("Authorization", "Bearer " + provider.api_key);
    } else {
      headers.emplace_back("x-goog-api-key", provider.api_key);
    }
  }
  for (const auto& [name, value] : provider.extra_headers) set_header(headers, name, value);
  return headers;
}

}  // namespace llmgw::providers::gemini
