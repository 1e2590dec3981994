#include "config/env.hpp"
#include "config/map_reader.hpp"
#include "config/provider_kind_section.hpp"
#include "config/secrets.hpp"
#include "config/sections.hpp"
#include "config/url.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxProviders = 1024;
constexpr std::size_t kMaxExtraHeaders = 64;

void disable(ProviderConfig& provider, std::string reason) {
  if (!provider.enabled) return;  // The first reason is the one to fix first.
  provider.enabled = false;
  provider.disabled_reason = std::move(reason);
}

void set_origin(MapReader& map, Diagnostics& diag, ProviderConfig& provider) {
  std::string error;
  if (auto origin = parse_base_url(provider.base_url, error)) {
    provider.origin = std::move(*origin);
  } else {
    diag.error(map.child("base_url"), error);
  }
}

// Kinds with a public endpoint default to it; a base_url path is kept and prepended to the
// API paths the adapter adds (/v1/messages, /v1beta/models/..., /model/..., /openai/...).
void read_base_url(MapReader& map, Diagnostics& diag, ProviderConfig& provider, bool kind_known,
                   int entry_line) {
  if (map.get("base_url") != nullptr) {
    if (map.require_string("base_url", provider.base_url)) set_origin(map, diag, provider);
    return;
  }
  if (!kind_known) return;  // The kind's own error says what to fix first.
  if (auto url = default_base_url(provider)) {
    provider.base_url = std::move(*url);
    set_origin(map, diag, provider);
  } else if (provider.kind == ProviderKind::azure_openai) {
    diag.error(map.child("base_url"), entry_line,
               "is required for kind azure_openai: https://{resource}.openai.azure.com");
  } else if (provider.kind == ProviderKind::openai ||
             provider.kind == ProviderKind::openai_compatible) {
    diag.error(map.child("base_url"), entry_line, "is required");
  }
  // Otherwise the Vertex location or Bedrock region it is built from is missing or malformed,
  // which validation reports.
}

void read_api_key(MapReader& map, LoadContext& ctx, ProviderConfig& provider, bool kind_known) {
  SecretSource secret{map.path(), "api_key", "api_key_file", {}, {}, {}};
  map.read_optional_string("api_key", secret.value);
  map.read_optional_string("api_key_file", secret.file);
  if (!kind_known || provider.kind != ProviderKind::bedrock) {
    resolve_provider_secret(secret, ctx, provider);
    return;
  }
  for (const char* key : {"api_key", "api_key_file"}) {
    if (map.get(key) == nullptr) continue;
    ctx.diag.error(map.child(key),
                   "is not used by kind bedrock: requests are signed with "
                   "bedrock.access_key_id and bedrock.secret_access_key");
  }
}

// Header values may carry secrets through ${VAR}; such headers are remembered so that the
// effective-config dump redacts them, and a missing variable disables the provider just as
// a missing api_key does.
void read_headers(const DocNode& node, const std::string& path, LoadContext& ctx,
                  ProviderConfig& provider) {
  if (node.entries.size() > kMaxExtraHeaders) {
    ctx.diag.error(path, node.line,
                   "has more than " + std::to_string(kMaxExtraHeaders) + " headers");
    return;
  }
  for (const auto& entry : node.entries) {
    const auto header_path = join_path(path, entry.key);
    ctx.diag.record_line(header_path, entry.value.line);
    auto written = entry.value.is_null() ? std::optional<std::string>("")
                                         : scalar_text(entry.value, header_path, ctx.diag);
    if (!written) continue;
    std::string error;
    auto value = interpolate_env(*written, ctx.env, error);
    if (!value) {
      ctx.diag.error(header_path, entry.value.line, error);
      continue;
    }
    for (const auto& name : value->missing) {
      const auto reason = "environment variable " + name + " is not set";
      ctx.diag.warning(header_path, entry.value.line,
                       reason + "; provider \"" + provider.name + "\" disabled");
      disable(provider, reason);
    }
    if (mentions_env_reference(*written)) provider.secret_headers.push_back(entry.key);
    provider.extra_headers.emplace_back(entry.key, std::move(value->text));
  }
}

void read_upstream_timeouts(const DocNode& node, const std::string& path, Diagnostics& diag,
                            UpstreamTimeouts& out) {
  MapReader map(node, path, diag);
  map.read_duration("connect", out.connect);
  map.read_duration("first_byte", out.first_byte);
  map.read_duration("idle", out.idle);
  map.read_duration("total", out.total);
  map.finish();
}

ProviderConfig read_provider(const DocNode& node, const std::string& path, LoadContext& ctx) {
  ProviderConfig provider;
  MapReader map(node, path, ctx.diag);
  map.require_string("name", provider.name);
  if (!map.get("kind")) ctx.diag.error(map.child("kind"), node.line, "is required");
  const bool kind_known = map.read_enum("kind", provider.kind,
                                        {{"openai", ProviderKind::openai},
                                         {"openai_compatible", ProviderKind::openai_compatible},
                                         {"anthropic", ProviderKind::anthropic},
                                         {"gemini", ProviderKind::gemini},
                                         {"azure_openai", ProviderKind::azure_openai},
                                         {"bedrock", ProviderKind::bedrock}});
  read_kind_settings(map, ctx, provider, kind_known);
  read_base_url(map, ctx.diag, provider, kind_known, node.line);
  read_api_key(map, ctx, provider, kind_known);

  if (const auto* headers = map.mapping("headers")) {
    read_headers(*headers, map.child("headers"), ctx, provider);
  }
  map.read_string_list("forward_headers", provider.forward_headers);
  map.read_bool("stream_usage", provider.stream_usage);
  map.read_bool("verify_tls", provider.verify_tls);
  map.read_size("max_response_bytes", provider.max_response_bytes);
  map.read_integer("max_idle_connections", provider.max_idle_connections);
  if (const auto* timeouts = map.mapping("timeouts")) {
    read_upstream_timeouts(*timeouts, map.child("timeouts"), ctx.diag, provider.timeouts);
  }
  map.finish();
  return provider;
}

}  // namespace

void read_providers(const DocNode& list, LoadContext& ctx, std::vector<ProviderConfig>& out) {
  if (list.items.size() > kMaxProviders) {
    ctx.diag.error("providers", list.line,
                   "more than " + std::to_string(kMaxProviders) + " providers");
    return;
  }
  for (std::size_t i = 0; i < list.items.size() && !ctx.diag.error_limit_reached(); ++i) {
    const auto path = index_path("providers", i);
    ctx.diag.record_line(path, list.items[i].line);
    if (!list.items[i].is_map()) {
      ctx.diag.error(path, list.items[i].line, "must be a mapping with name, kind and base_url");
      continue;
    }
    out.push_back(read_provider(list.items[i], path, ctx));
  }
}

}  // namespace llmgw::config
