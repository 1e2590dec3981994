#include "config/provider_kind_section.hpp"

#include <algorithm>
#include <array>

#include "config/env.hpp"
#include "config/secrets.hpp"

namespace llmgw::config {

namespace {

const DocNode kAbsentSection{};

struct KindSection {
  std::string_view key;
  ProviderKind kind;
};

constexpr std::array<KindSection, 4> kKindSections{{{"anthropic", ProviderKind::anthropic},
                                                    {"gemini", ProviderKind::gemini},
                                                    {"azure", ProviderKind::azure_openai},
                                                    {"bedrock", ProviderKind::bedrock}}};

// Google's multi-region Vertex AI locations live on their own host pattern.
constexpr std::array<std::string_view, 2> kVertexMultiRegions{"us", "eu"};

void read_anthropic(MapReader& map, AnthropicSettings& out) {
  map.read_string("version", out.version);
}

void read_gemini(MapReader& map, Diagnostics& diag, GeminiSettings& out) {
  map.read_bool("vertex", out.vertex);
  const bool has_project = map.read_string("project", out.project);
  const bool has_location = map.read_string("location", out.location);
  if (out.vertex) return;
  // Silently ignoring them would send Vertex users to the Generative Language API.
  if (has_project) diag.error(map.child("project"), "is only used with vertex: true");
  if (has_location) diag.error(map.child("location"), "is only used with vertex: true");
}

void read_azure(MapReader& map, Diagnostics& diag, AzureSettings& out) {
  const bool has_version = map.read_string("api_version", out.api_version);
  map.read_bool("v1_routes", out.v1_routes);
  map.read_enum("auth", out.bearer_auth, {{"api_key", false}, {"bearer", true}});
  if (has_version && out.v1_routes) {
    diag.warning(map.child("api_version"),
                 "is not used with v1_routes: true (the v1 API takes no api-version)");
  }
}

// Without any credential keys the provider uses the AWS SDKs' environment variables, all
// three together: a session token from the environment must not be paired with keys from
// elsewhere, or every signature fails.
void read_bedrock(MapReader& map, LoadContext& ctx, ProviderConfig& provider) {
  map.read_string("region", provider.bedrock.region);
  SecretSource id{map.path(), "access_key_id", "access_key_id_file", {}, {}, {}};
  SecretSource secret{map.path(), "secret_access_key", "secret_access_key_file", {}, {}, {}};
  SecretSource token{map.path(), "session_token", "session_token_file", {}, {}, {}};
  for (auto* source : {&id, &secret, &token}) {
    map.read_optional_string(source->value_key, source->value);
    map.read_optional_string(source->file_key, source->file);
  }
  const bool id_set = id.value || id.file;
  const bool secret_set = secret.value || secret.file;
  if (id_set != secret_set) {
    ctx.diag.error(map.child(id_set ? "secret_access_key" : "access_key_id"),
                   std::string("is required when ") +
                       (id_set ? "access_key_id" : "secret_access_key") +
                       " is set; leave both out to use AWS_ACCESS_KEY_ID and "
                       "AWS_SECRET_ACCESS_KEY");
    return;
  }
  if (!id_set) {
    id.value = "${AWS_ACCESS_KEY_ID}";
    secret.value = "${AWS_SECRET_ACCESS_KEY}";
    if (!token.value && !token.file && lookup_env(ctx.env, "AWS_SESSION_TOKEN")) {
      token.value = "${AWS_SESSION_TOKEN}";
    }
  }
  provider.bedrock.access_key_id = resolve_provider_credential(id, ctx, provider);
  provider.bedrock.secret_access_key = resolve_provider_credential(secret, ctx, provider);
  provider.bedrock.session_token = resolve_provider_credential(token, ctx, provider);
}

}  // namespace

bool is_region_name(std::string_view name) {
  constexpr std::size_t kMaxRegion = 64;
  if (name.empty() || name.size() > kMaxRegion || name.front() == '-' || name.back() == '-') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void read_kind_settings(MapReader& provider_map, LoadContext& ctx, ProviderConfig& provider,
                        bool kind_known) {
  for (const auto& section : kKindSections) {
    const DocNode* node = provider_map.get(section.key);
    if (!kind_known) continue;
    if (section.kind != provider.kind) {
      if (node != nullptr) {
        ctx.diag.error(provider_map.child(section.key), node->line,
                       "only applies to kind " + std::string(to_string(section.kind)) +
                           "; this provider is kind " + std::string(to_string(provider.kind)));
      }
      continue;
    }
    MapReader map(node != nullptr ? *node : kAbsentSection, provider_map.child(section.key),
                  ctx.diag);
    switch (section.kind) {
      case ProviderKind::anthropic: read_anthropic(map, provider.anthropic); break;
      case ProviderKind::gemini: read_gemini(map, ctx.diag, provider.gemini); break;
      case ProviderKind::azure_openai: read_azure(map, ctx.diag, provider.azure); break;
      case ProviderKind::bedrock: read_bedrock(map, ctx, provider); break;
      case ProviderKind::openai:
      case ProviderKind::openai_compatible: break;
    }
    map.finish();
  }
}

std::optional<std::string> default_base_url(const ProviderConfig& provider) {
  switch (provider.kind) {
    case ProviderKind::anthropic: return "https://api.anthropic.com";
    case ProviderKind::gemini: {
      if (!provider.gemini.vertex) return "https://generativelanguage.googleapis.com";
      const auto& location = provider.gemini.location;
      if (location == "global") return "https://aiplatform.googleapis.com";
      if (std::find(kVertexMultiRegions.begin(), kVertexMultiRegions.end(), location) !=
          kVertexMultiRegions.end()) {
        return "https://aiplatform." + location + ".rep.googleapis.com";
      }
      if (!is_region_name(location)) return std::nullopt;
      return "https://" + location + "-aiplatform.googleapis.com";
    }
    case ProviderKind::bedrock:
      if (!is_region_name(provider.bedrock.region)) return std::nullopt;
      return "https://bedrock-runtime." + provider.bedrock.region + ".amazonaws.com";
    case ProviderKind::openai:
    case ProviderKind::openai_compatible:
    case ProviderKind::azure_openai: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace llmgw::config
