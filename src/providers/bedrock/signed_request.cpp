#include "providers/bedrock/signed_request.hpp"

#include <utility>

#include "providers/bedrock/sigv4.hpp"

namespace llmgw::providers::bedrock {
namespace {

constexpr std::string_view kService = "bedrock";  // the signing name, not bedrock-runtime

bool has_line_break(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

std::string signing_host(const config::ProviderConfig& provider) {
  const config::UpstreamOrigin& origin = provider.origin;
  if (origin.host.empty()) return "bedrock-runtime." + provider.bedrock.region + ".amazonaws.com";
  // Same rules as the upstream client's Host header (upstream::host_header), repeated here
  // because the fuzz build links the providers without the upstream client.
  std::string host = origin.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  const std::uint16_t default_port = origin.tls ? 443 : 80;
  if (origin.port != default_port) host += ":" + std::to_string(origin.port);
  return host;
}

std::string converse_path(const config::ProviderConfig& provider, std::string_view model,
                          bool stream) {
  return provider.origin.base_path + "/model/" + encode_path_segment(model) +
         (stream ? "/converse-stream" : "/converse");
}

Result<upstream::UpstreamRequest> build_signed_request(std::string body, bool stream,
                                                       const TranslateTarget& target) {
  const config::ProviderConfig& provider = target.provider;
  const config::BedrockSettings& aws = provider.bedrock;
  if (target.deployment.upstream_model.empty()) {
    return Error::internal("Bedrock deployment of provider '" + provider.name + "' has no model");
  }
  if (aws.region.empty() || has_line_break(aws.region)) {
    return Error::internal("Bedrock provider '" + provider.name + "' has no usable region");
  }
  upstream::UpstreamRequest request;
  request.target = converse_path(provider, target.deployment.upstream_model, stream);
  request.headers.emplace_back("Content-Type", "application/json");
  for (const auto& header : provider.extra_headers) {
    bool replaced = false;
    for (auto& existing : request.headers) {
      if (iequals(existing.first, header.first)) {
        existing.second = header.second;
        replaced = true;
      }
    }
    if (!replaced) request.headers.push_back(header);
  }
  // Accept stays out of the signature, as botocore leaves it: the request then signs exactly
  // like botocore's, which the tests check against a botocore-computed signature.
  const bool accept_configured = !find_header(request.headers, "accept").empty();
  auto add_accept = [&] {
    if (accept_configured) return;
    request.headers.emplace_back(
        "Accept", stream ? "application/vnd.amazon.eventstream" : "application/json");
  };

  if (aws.access_key_id.empty() && !provider.api_key.empty()) {
    if (has_line_break(provider.api_key)) {
      return Error::internal("The API key of provider '" + provider.name +
                             "' contains line breaks");
    }
    request.headers.emplace_back("Authorization", "Bearer " + provider.api_key);
    add_accept();
    request.body = std::move(body);
    return request;
  }

  SigV4Request signing;
  signing.method = "POST";
  signing.host = signing_host(provider);
  signing.path = request.target;
  signing.headers = request.headers;
  signing.body = std::move(body);  // moved back below: images make bodies large
  signing.region = aws.region;
  signing.service = std::string(kService);
  signing.access_key_id = aws.access_key_id;
  signing.secret_access_key = aws.secret_access_key;
  if (!aws.session_token.empty()) signing.session_token = aws.session_token;
  signing.time = target.now;
  Result<SigV4Result> signed_headers = sign(signing);
  if (!signed_headers.ok()) {
    Error error = std::move(signed_headers).error();
    error.message = "Bedrock provider '" + provider.name + "': " + error.message;
    return error;
  }
  for (auto& header : signed_headers->headers) request.headers.push_back(std::move(header));
  add_accept();
  request.body = std::move(signing.body);
  return request;
}

}  // namespace llmgw::providers::bedrock
