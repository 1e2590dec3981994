#include "providers/azure/azure_routes.hpp"

#include <string>

namespace llmgw::providers::azure {
namespace {

/// RFC 3986 unreserved characters pass; everything else (including '/', '?', '#', '%')
/// is escaped, so a deployment name can never leave its path segment or the query.
void append_percent_encoded(std::string& out, std::string_view text) {
  constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
}

}  // namespace

openai::UpstreamRoute azure_route(const config::ProviderConfig& provider,
                                  std::string_view upstream_model, Endpoint endpoint) {
  openai::UpstreamRoute route;
  route.auth =
      provider.azure.bearer_auth ? openai::AuthScheme::bearer : openai::AuthScheme::api_key;
  std::string& target = route.target;
  target = provider.origin.base_path;
  if (provider.azure.v1_routes) {
    target += "/openai/v1";
    target += openai::endpoint_path(endpoint);
    return route;
  }
  target += "/openai/deployments/";
  append_percent_encoded(target, upstream_model);
  target += openai::endpoint_path(endpoint);
  target += "?api-version=";
  append_percent_encoded(target, provider.azure.api_version);
  return route;
}

}  // namespace llmgw::providers::azure
