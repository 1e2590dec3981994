#include <algorithm>
#include <array>

#include "config/provider_kind_section.hpp"
#include "config/validate.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxSettingLength = 128;

// Values that end up in a header, a query string or a URL path segment.
bool is_plain_token(std::string_view value, std::string_view extra_symbols) {
  if (value.empty() || value.size() > kMaxSettingLength) return false;
  return std::all_of(value.begin(), value.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra_symbols.find(c) != std::string_view::npos;
  });
}

bool ends_with_any(std::string_view path, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](std::string_view suffix) { return path.ends_with(suffix); });
}

// A base_url path is prepended to the adapter's absolute API path, so one copied from an SDK
// example ("https://api.anthropic.com/v1") would double it and every request would 404.
void check_base_path(const ProviderConfig& provider, const std::string& path, Diagnostics& diag) {
  const auto& base = provider.origin.base_path;
  const auto where = join_path(path, "base_url");
  switch (provider.kind) {
    case ProviderKind::anthropic:
      if (ends_with_any(base, {"/v1", "/v1/messages"})) {
        diag.error(where, "must not end in /v1: the gateway adds /v1/messages itself");
      }
      break;
    case ProviderKind::gemini:
      if (ends_with_any(base, {"/v1", "/v1beta", "/v1beta1"}) ||
          base.find("/models") != base.npos) {
        diag.error(where,
                   "must be the host only (plus any proxy prefix): the gateway adds "
                   "/v1beta/models/... (Vertex: /v1/projects/...) itself");
      }
      break;
    case ProviderKind::azure_openai:
      if (ends_with_any(base, {"/openai", "/openai/v1"}) || base.find("/openai/") != base.npos) {
        diag.error(where,
                   "must be https://{resource}.openai.azure.com without /openai: the gateway "
                   "adds /openai/deployments/... (or /openai/v1/...) itself");
      }
      break;
    case ProviderKind::bedrock:
      if (ends_with_any(base, {"/model"})) {
        diag.error(where, "must not end in /model: the gateway adds /model/{id}/... itself");
      }
      break;
    case ProviderKind::openai:
    case ProviderKind::openai_compatible: break;
  }
}

void check_gemini(const GeminiSettings& gemini, const std::string& path, Diagnostics& diag) {
  if (!gemini.vertex) return;
  if (gemini.project.empty()) {
    diag.error(join_path(path, "project"), "is required with vertex: true");
  } else if (!is_plain_token(gemini.project, "-_.:")) {
    diag.error(join_path(path, "project"),
               "must be a Google Cloud project id (letters, digits, '-', '_', '.', ':')");
  }
  if (gemini.location.empty()) {
    diag.error(join_path(path, "location"),
               "is required with vertex: true, e.g. us-central1 or global");
  } else if (!is_region_name(gemini.location)) {
    diag.error(join_path(path, "location"),
               "must be a Google Cloud location such as us-central1 or global");
  }
}

void check_azure(const AzureSettings& azure, const std::string& path, Diagnostics& diag) {
  if (azure.v1_routes) return;
  if (azure.api_version.empty()) {
    diag.error(join_path(path, "api_version"),
               "is required unless v1_routes is true, e.g. 2024-10-21");
  } else if (!is_plain_token(azure.api_version, "-._")) {
    diag.error(join_path(path, "api_version"),
               "must be an API version such as 2024-10-21 or 2025-04-01-preview");
  }
}

void check_bedrock(const BedrockSettings& bedrock, const std::string& path, Diagnostics& diag) {
  if (bedrock.region.empty()) {
    diag.error(join_path(path, "region"), "is required, e.g. us-east-1");
  } else if (!is_region_name(bedrock.region)) {
    diag.error(join_path(path, "region"), "must be an AWS region such as us-east-1");
  }
}

}  // namespace

void validate_provider_kind(const ProviderConfig& provider, const std::string& path,
                            Diagnostics& diag) {
  switch (provider.kind) {
    case ProviderKind::anthropic:
      if (!is_plain_token(provider.anthropic.version, "-._")) {
        diag.error(join_path(path, "anthropic.version"),
                   "must be an API version such as 2023-06-01");
      }
      break;
    case ProviderKind::gemini:
      check_gemini(provider.gemini, join_path(path, "gemini"), diag);
      break;
    case ProviderKind::azure_openai:
      check_azure(provider.azure, join_path(path, "azure"), diag);
      break;
    case ProviderKind::bedrock:
      check_bedrock(provider.bedrock, join_path(path, "bedrock"), diag);
      break;
    case ProviderKind::openai:
    case ProviderKind::openai_compatible: break;
  }
  check_base_path(provider, path, diag);
}

std::optional<std::string> gateway_owned_header(const ProviderConfig& provider,
                                                std::string_view header) {
  auto sent_as = [](std::string_view name) {
    return "conflicts with api_key, which is sent as " + std::string(name);
  };
  switch (provider.kind) {
    case ProviderKind::openai:
    case ProviderKind::openai_compatible:
      // Without a key, a hand-written Authorization header is how some servers authenticate.
      if (iequals(header, "authorization") && !provider.api_key.empty()) {
        return sent_as("Authorization");
      }
      return std::nullopt;
    case ProviderKind::anthropic:
      if (iequals(header, "x-api-key")) return sent_as("x-api-key");
      if (iequals(header, "anthropic-version")) return "is set from anthropic.version";
      return std::nullopt;
    case ProviderKind::gemini:
      if (provider.gemini.vertex && iequals(header, "authorization")) {
        return sent_as("Authorization: Bearer");
      }
      if (!provider.gemini.vertex && iequals(header, "x-goog-api-key")) {
        return sent_as("x-goog-api-key");
      }
      return std::nullopt;
    case ProviderKind::azure_openai: {
      const std::string_view used = provider.azure.bearer_auth ? "authorization" : "api-key";
      if (iequals(header, used)) {
        return sent_as(provider.azure.bearer_auth ? "Authorization: Bearer" : "api-key");
      }
      return std::nullopt;
    }
    case ProviderKind::bedrock:
      for (std::string_view signed_header :
           {"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"}) {
        if (iequals(header, signed_header)) return "is set by AWS SigV4 request signing";
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace llmgw::config
