#include "providers/anthropic/headers.hpp"

#include <algorithm>
#include <array>

namespace llmgw::providers::anthropic {
namespace {

/// Credentials, hop-by-hop and framing headers: the gateway owns these. Accept-Encoding is
/// here because the gateway parses the response and does not decompress it.
constexpr std::array<std::string_view, 21> kNeverForwarded = {
    "authorization", "proxy-authorization", "x-api-key",
    "api-key",       "x-goog-api-key",      "cookie",
    "host",          "content-length",      "content-type",
    "accept",        "accept-encoding",     "connection",
    "keep-alive",    "proxy-connection",    "te",
    "trailer",       "transfer-encoding",   "upgrade",
    "expect",        "content-encoding",    "anthropic-version"};

constexpr std::string_view kDefaultForwarded = "anthropic-beta";

}  // namespace

bool forwardable_client_header(std::string_view name, const config::ProviderConfig& provider) {
  auto matches = [&](std::string_view candidate) { return iequals(candidate, name); };
  if (std::any_of(kNeverForwarded.begin(), kNeverForwarded.end(), matches)) return false;
  if (matches(kDefaultForwarded)) return true;
  return std::any_of(provider.forward_headers.begin(), provider.forward_headers.end(),
                     [&](const std::string& candidate) { return iequals(candidate, name); });
}

Result<Headers> build_headers(const config::ProviderConfig& provider, const Headers& client_headers,
                              bool stream) {
  if (!safe_header_value(provider.api_key)) {
    return Error::internal("the API key of provider '" + provider.name + "' contains line breaks");
  }
  if (!safe_header_value(provider.anthropic.version)) {
    return Error::internal("the anthropic.version of provider '" + provider.name +
                           "' contains line breaks");
  }
  Headers headers;
  headers.reserve(5 + provider.extra_headers.size());
  if (!provider.api_key.empty()) headers.emplace_back("x-api-key", provider.api_key);
  headers.emplace_back("anthropic-version", provider.anthropic.version);
  headers.emplace_back("content-type", "application/json");
  headers.emplace_back("accept", stream ? "text/event-stream" : "application/json");
  for (const auto& [name, value] : provider.extra_headers) set_header(headers, name, value);
  const std::size_t gateway_owned = headers.size();
  for (const auto& client_header : client_headers) {
    const std::string& name = client_header.first;
    if (!forwardable_client_header(name, provider)) continue;
    if (!safe_header_name(name) || !safe_header_value(client_header.second)) continue;
    const auto owned_end = headers.begin() + static_cast<std::ptrdiff_t>(gateway_owned);
    const bool set_by_gateway = std::any_of(headers.begin(), owned_end, [&](const auto& header) {
      return iequals(header.first, name);
    });
    if (!set_by_gateway) headers.push_back(client_header);
  }
  return headers;
}

}  // namespace llmgw::providers::anthropic
