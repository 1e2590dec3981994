// to_redacted_yaml: the effective config (defaults included) for --check-config and logs,
// written with yaml_writer.hpp; the governance sections are in redacted_governance.cpp.

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "config/listen_address.hpp"
#include "config/redacted_sections.hpp"
#include "config/units.hpp"
#include "config/yaml_writer.hpp"
#include "llmgw/config/loader.hpp"

namespace llmgw::config {

namespace {

using redacted::boolean;
using redacted::kRedacted;
using redacted::kUnset;
using redacted::quote;
using redacted::Writer;

void write_server(Writer& w, const ServerConfig& server) {
  w.section(0, "server");
  w.field(1, "listen", quote(format_listen_address(server.listen)));
  w.field(1, "workers", std::to_string(server.workers));
  w.field(1, "busy_poll_us", std::to_string(server.busy_poll_us));
  w.field(1, "random_seed", std::to_string(server.random_seed));
  w.section(1, "tls");
  w.field(2, "cert_file", quote(server.tls.cert_file));
  w.field(2, "key_file", quote(server.tls.key_file));
  w.section(1, "limits");
  w.field(2, "max_header_bytes", format_size(server.limits.max_header_bytes));
  w.field(2, "max_body_bytes", format_size(server.limits.max_body_bytes));
  w.field(2, "max_connections", std::to_string(server.limits.max_connections));
  w.section(1, "timeouts");
  w.field(2, "header_read", format_duration(server.timeouts.header_read));
  w.field(2, "body_read", format_duration(server.timeouts.body_read));
  w.field(2, "idle_keep_alive", format_duration(server.timeouts.idle_keep_alive));
  w.field(2, "write", format_duration(server.timeouts.write));
  w.field(2, "drain", format_duration(server.timeouts.drain));
}

std::string_view secret_state(const std::string& secret) {
  return secret.empty() ? kUnset : kRedacted;
}

// Only the section of the provider's own kind: another kind's section is an error on reload.
void write_kind_settings(Writer& w, const ProviderConfig& provider) {
  switch (provider.kind) {
    case ProviderKind::anthropic:
      w.section(2, "anthropic");
      w.field(3, "version", quote(provider.anthropic.version));
      break;
    case ProviderKind::gemini:
      w.section(2, "gemini");
      w.field(3, "vertex", boolean(provider.gemini.vertex));
      if (provider.gemini.vertex) {
        w.field(3, "project", quote(provider.gemini.project));
        w.field(3, "location", quote(provider.gemini.location));
      }
      break;
    case ProviderKind::azure_openai:
      w.section(2, "azure");
      if (!provider.azure.v1_routes) w.field(3, "api_version", quote(provider.azure.api_version));
      w.field(3, "v1_routes", boolean(provider.azure.v1_routes));
      w.field(3, "auth", provider.azure.bearer_auth ? "bearer" : "api_key");
      break;
    case ProviderKind::bedrock:
      w.section(2, "bedrock");
      w.field(3, "region", quote(provider.bedrock.region));
      w.field(3, "access_key_id", secret_state(provider.bedrock.access_key_id));
      w.field(3, "secret_access_key", secret_state(provider.bedrock.secret_access_key));
      // Long-term keys have none; "<unset>" would load back as a literal token.
      if (provider.bedrock.session_token.empty()) {
        w.comment(3, "session_token: none");
      } else {
        w.field(3, "session_token", kRedacted);
      }
      break;
    case ProviderKind::openai:
    case ProviderKind::openai_compatible: break;
  }
}

void write_provider(Writer& w, const ProviderConfig& provider) {
  w.item(1, "name", quote(provider.name));
  if (!provider.enabled) w.comment(2, "disabled: " + provider.disabled_reason);
  w.field(2, "kind", to_string(provider.kind));
  w.field(2, "base_url", quote(provider.base_url));
  if (provider.kind != ProviderKind::bedrock) w.field(2, "api_key", secret_state(provider.api_key));
  write_kind_settings(w, provider);
  if (provider.extra_headers.empty()) {
    w.field(2, "headers", "{}");
  } else {
    w.section(2, "headers");
    for (const auto& [name, value] : provider.extra_headers) {
      const bool secret = std::find(provider.secret_headers.begin(), provider.secret_headers.end(),
                                    name) != provider.secret_headers.end();
      w.field(3, quote(name), secret ? std::string(kRedacted) : quote(value));
    }
  }
  w.list(2, "forward_headers", provider.forward_headers);
  w.field(2, "stream_usage", boolean(provider.stream_usage));
  w.field(2, "verify_tls", boolean(provider.verify_tls));
  w.field(2, "max_response_bytes", format_size(provider.max_response_bytes));
  w.field(2, "max_idle_connections", std::to_string(provider.max_idle_connections));
  w.section(2, "timeouts");
  w.field(3, "connect", format_duration(provider.timeouts.connect));
  w.field(3, "first_byte", format_duration(provider.timeouts.first_byte));
  w.field(3, "idle", format_duration(provider.timeouts.idle));
  w.field(3, "total", format_duration(provider.timeouts.total));
}

void write_model(Writer& w, const ModelConfig& model) {
  w.item(1, "name", quote(model.name));
  w.field(2, "owned_by", quote(model.owned_by));
  w.field(2, "created", std::to_string(model.created));
  w.field(2, "drop_unsupported", boolean(model.drop_unsupported));
  if (model.default_max_tokens > 0) {
    w.field(2, "default_max_tokens", std::to_string(model.default_max_tokens));
  } else {
    w.comment(2, "default_max_tokens: the provider adapter's default");
  }
  w.field(2, "approval", model.approval_required ? "required" : "open");
  redacted::write_limits(w, 2, "limits", model.limits);
  redacted::write_routing(w, 2, model.routing);
  w.section(2, "deployments");
  for (const auto& deployment : model.deployments) {
    w.item(3, "provider", quote(deployment.provider));
    w.field(4, "model", quote(deployment.upstream_model));
    redacted::write_deployment_routing(w, 4, deployment);
  }
}

// Only "<redacted>" or "<unset>": the hash is as good as the key to anyone who can brute-force
// short secrets, and it identifies a key across configs.
void write_key(Writer& w, const KeyConfig& key) {
  w.item(1, "id", quote(key.id));
  if (!key.enabled) w.comment(2, "disabled: " + key.disabled_reason);
  w.field(2, "secret", key.enabled ? kRedacted : kUnset);
  if (key.allowed_models.empty()) {
    w.comment(2, "models: every model");
  } else {
    w.list(2, "models", key.allowed_models);
  }
  redacted::write_key_governance(w, 2, key);
}

void write_observability(Writer& w, const LoggingConfig& logging, const MetricsConfig& metrics) {
  w.section(0, "logging");
  w.field(1, "level", quote(logging.level));
  w.field(1, "format", logging.format == LogFormat::json ? "json" : "text");
  w.field(1, "access_log", boolean(logging.access_log));
  w.field(1, "access_log_file", quote(logging.access_log_file));
  w.field(1, "queue_size", std::to_string(logging.queue_size));
  w.section(0, "metrics");
  w.field(1, "enabled", boolean(metrics.enabled));
  w.field(1, "listen", quote(format_listen_address(metrics.listen)));
}

void write_admin(Writer& w, const AdminConfig& admin) {
  if (!admin.enabled) return;
  w.section(0, "admin");
  w.field(1, "listen", quote(format_listen_address(admin.listen)));
  w.field(1, "secret", admin.key_enabled ? kRedacted : kUnset);
  w.field(1, "max_body_bytes", std::to_string(admin.max_body_bytes));
}

std::string rate_fields(const governance::TokenRates& rates) {
  using governance::format_price;
  std::string out = "input: " + format_price(rates.input);
  out += ", output: " + format_price(rates.output);
  if (rates.cached_input) out += ", cached_input: " + format_price(*rates.cached_input);
  if (rates.cache_write) out += ", cache_write: " + format_price(*rates.cache_write);
  if (rates.reasoning) out += ", reasoning: " + format_price(*rates.reasoning);
  return out;
}

std::string price_fields(const PriceEntry& entry) {
  std::string out = "{" + rate_fields(entry.price);
  if (entry.price.long_context) {
    out += ", long_context: {above: " + std::to_string(entry.price.long_context_above) + ", " +
           rate_fields(*entry.price.long_context) + "}";
  }
  if (!entry.aliases.empty()) {
    out += ", aliases: [";
    for (std::size_t i = 0; i < entry.aliases.size(); ++i) {
      out += (i == 0 ? "" : ", ") + quote(entry.aliases[i]);
    }
    out += "]";
  }
  return out + "}";
}

// Every price in effect, the list's included, so that the dump loads back to the same table.
// Prices a file lists for providers this config does not have are left out: written into the
// config they would be an error.
void write_pricing(Writer& w, const Config& config) {
  const auto& pricing = config.pricing;
  w.section(0, "pricing");
  if (pricing.file.empty()) {
    w.comment(1, "file: none, the list built into the binary (config/prices.yaml)");
  } else {
    w.field(1, "file", quote(pricing.file));
  }
  w.field(1, "litellm_cost_header", boolean(pricing.litellm_cost_header));
  w.field(1, "stream_cost_comment", boolean(pricing.stream_cost_comment));
  std::set<std::string_view> providers;
  for (const auto& provider : config.providers) providers.insert(provider.name);
  for (auto type : {PriceEntry::Scope::kind, PriceEntry::Scope::provider}) {
    const bool by_kind = type == PriceEntry::Scope::kind;
    std::vector<std::string_view> scopes;
    for (const auto& entry : pricing.entries) {
      if (entry.scope_type != type || (!by_kind && !providers.contains(entry.scope))) continue;
      if (std::find(scopes.begin(), scopes.end(), entry.scope) == scopes.end()) {
        scopes.push_back(entry.scope);
      }
    }
    const std::string_view key = by_kind ? "models" : "providers";
    if (scopes.empty()) {
      w.field(1, key, "{}");
      continue;
    }
    w.section(1, key);
    for (auto scope : scopes) {
      w.section(2, quote(scope));
      for (const auto& entry : pricing.entries) {
        if (entry.scope_type == type && entry.scope == scope) {
          w.field(3, quote(entry.model), price_fields(entry));
        }
      }
    }
  }
}

}  // namespace

std::string to_redacted_yaml(const Config& config) {
  Writer w;
  w.comment(0, "Effective configuration" +
                   (config.source_file.empty() ? std::string() : " of " + config.source_file) +
                   "; secrets are shown as <redacted> or <unset>.");
  write_server(w, config.server);
  if (config.providers.empty())
    w.field(0, "providers", "[]");
  else
    w.section(0, "providers");
  for (const auto& provider : config.providers) write_provider(w, provider);
  if (config.models.empty())
    w.field(0, "models", "[]");
  else
    w.section(0, "models");
  for (const auto& model : config.models) write_model(w, model);
  if (config.keys.empty())
    w.field(0, "keys", "[]");
  else
    w.section(0, "keys");
  for (const auto& key : config.keys) write_key(w, key);
  redacted::write_governance(w, config);
  write_observability(w, config.logging, config.metrics);
  write_admin(w, config.admin);
  write_pricing(w, config);
  return w.take();
}

}  // namespace llmgw::config
