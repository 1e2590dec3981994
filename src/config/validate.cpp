#include "config/validate.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "config/listen_address.hpp"

namespace llmgw::config {

namespace {

constexpr unsigned kMaxWorkers = 1024;
// Beyond 10 ms a worker would mostly burn CPU between requests for no latency gain.
constexpr unsigned kMaxBusyPollMicros = 10000;
constexpr std::size_t kMinHeaderBytes = 1024;
constexpr std::size_t kMaxHeaderBytes = 1024 * 1024;
constexpr std::size_t kMaxBodyBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxConnections = 1'000'000;
constexpr std::size_t kMaxLogQueue = 1'048'576;
constexpr std::size_t kMaxModelName = 256;
constexpr Millis kMaxTimeout = std::chrono::hours(24);

constexpr std::array<std::string_view, 7> kLogLevels{"trace", "debug",    "info", "warn",
                                                     "error", "critical", "off"};

void check_range(std::size_t value, std::size_t min, std::size_t max, const std::string& path,
                 const std::string& bounds, Diagnostics& diag) {
  if (value < min || value > max) diag.error(path, "must be between " + bounds);
}

void check_timeout(Millis value, const std::string& path, Diagnostics& diag) {
  if (value <= Millis::zero() || value > kMaxTimeout) {
    diag.error(path, "must be greater than 0 and at most 24h");
  }
}

void check_server(const ServerConfig& server, Diagnostics& diag) {
  if (server.workers > kMaxWorkers) {
    diag.error("server.workers", "must be between 0 (one per CPU) and 1024");
  }
  if (server.busy_poll_us > kMaxBusyPollMicros) {
    diag.error("server.busy_poll_us", "must be between 0 (off) and 10000");
  }
  const auto& limits = server.limits;
  check_range(limits.max_header_bytes, kMinHeaderBytes, kMaxHeaderBytes,
              "server.limits.max_header_bytes", "1KiB and 1MiB", diag);
  check_range(limits.max_body_bytes, 1, kMaxBodyBytes, "server.limits.max_body_bytes",
              "1 byte and 1GiB", diag);
  check_range(limits.max_connections, 1, kMaxConnections, "server.limits.max_connections",
              "1 and 1000000", diag);
  const auto& timeouts = server.timeouts;
  check_timeout(timeouts.header_read, "server.timeouts.header_read", diag);
  check_timeout(timeouts.body_read, "server.timeouts.body_read", diag);
  check_timeout(timeouts.idle_keep_alive, "server.timeouts.idle_keep_alive", diag);
  check_timeout(timeouts.write, "server.timeouts.write", diag);
  check_timeout(timeouts.drain, "server.timeouts.drain", diag);
  if (server.tls.cert_file.empty() != server.tls.key_file.empty()) {
    diag.error("server.tls", "set both cert_file and key_file to enable TLS, or neither");
  }
}

// First index of each name; later duplicates are errors pointing back at the first.
template <class Item, class NameOf>
std::map<std::string, std::size_t, std::less<>> index_unique(const std::vector<Item>& items,
                                                             std::string_view section,
                                                             std::string_view field, NameOf name_of,
                                                             Diagnostics& diag) {
  std::map<std::string, std::size_t, std::less<>> first;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& name = name_of(items[i]);
    if (name.empty()) continue;  // Already reported as required.
    auto [it, inserted] = first.emplace(name, i);
    if (!inserted) {
      diag.error(join_path(index_path(section, i), field),
                 "duplicate \"" + name + "\", already used by " + index_path(section, it->second));
    }
  }
  return first;
}

bool is_model_name(std::string_view name) {
  return name.size() <= kMaxModelName &&
         std::none_of(name.begin(), name.end(),
                      [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

void check_models(std::vector<ModelConfig>& models, const std::vector<ProviderConfig>& providers,
                  Diagnostics& diag) {
  auto provider_index = index_unique(
      providers, "providers", "name",
      [](const ProviderConfig& p) -> const std::string& { return p.name; }, diag);
  index_unique(
      models, "models", "name", [](const ModelConfig& m) -> const std::string& { return m.name; },
      diag);
  for (std::size_t i = 0; i < models.size(); ++i) {
    auto& model = models[i];
    const auto path = index_path("models", i);
    if (!is_model_name(model.name)) {
      diag.error(join_path(path, "name"), "must be at most 256 characters without spaces");
    }
    if (model.created < 0) diag.error(join_path(path, "created"), "must not be negative");
    if (model.default_max_tokens < 0 || model.default_max_tokens > kMaxDefaultMaxTokens) {
      diag.error(join_path(path, "default_max_tokens"),
                 "must be between 1 and " + std::to_string(kMaxDefaultMaxTokens));
    }
    if (model.deployments.empty()) {
      diag.error(join_path(path, "deployments"), "needs at least one deployment");
      continue;
    }
    bool any_enabled = false;
    bool all_known = true;
    for (std::size_t j = 0; j < model.deployments.size(); ++j) {
      auto& deployment = model.deployments[j];
      auto it = provider_index.find(deployment.provider);
      if (it == provider_index.end()) {
        all_known = false;
        if (deployment.provider.empty()) continue;  // Already reported as required.
        diag.error(join_path(index_path(join_path(path, "deployments"), j), "provider"),
                   "unknown provider \"" + deployment.provider + "\"");
        continue;
      }
      deployment.provider_index = it->second;
      any_enabled = any_enabled || providers[it->second].enabled;
    }
    validate_routing(model, path, diag);
    if (all_known && !any_enabled) {
      diag.warning(path, "every provider of model \"" + model.name +
                             "\" is disabled; requests for it get 503");
    }
  }
}

void check_keys(const std::vector<KeyConfig>& keys, const std::vector<ModelConfig>& models,
                Diagnostics& diag) {
  index_unique(
      keys, "keys", "id", [](const KeyConfig& k) -> const std::string& { return k.id; }, diag);
  std::set<std::string_view> model_names;
  for (const auto& model : models) model_names.insert(model.name);
  std::map<Sha256, std::size_t> secrets;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto& key = keys[i];
    const auto path = index_path("keys", i);
    if (!key.id.empty() && !is_valid_identifier(key.id)) {
      diag.error(join_path(path, "id"),
                 "must be 1-64 characters of letters, digits, '_', '.' and '-'");
    }
    for (std::size_t j = 0; j < key.allowed_models.size(); ++j) {
      if (!model_names.contains(key.allowed_models[j])) {
        diag.error(index_path(join_path(path, "models"), j),
                   "unknown model \"" + key.allowed_models[j] + "\"");
      }
    }
    if (!key.enabled) continue;
    // Two keys with one secret would make the caller's identity ambiguous.
    auto [it, inserted] = secrets.emplace(key.secret_sha256, i);
    if (!inserted) {
      diag.error(path, "has the same secret as " + index_path("keys", it->second));
    }
  }
}

void check_logging(const LoggingConfig& logging, Diagnostics& diag) {
  if (std::find(kLogLevels.begin(), kLogLevels.end(), logging.level) == kLogLevels.end()) {
    diag.error("logging.level", "must be one of: trace, debug, info, warn, error, critical, off");
  }
  check_range(logging.queue_size, 1, kMaxLogQueue, "logging.queue_size", "1 and 1048576", diag);
}

void check_metrics(const MetricsConfig& metrics, const ServerConfig& server, Diagnostics& diag) {
  if (!metrics.enabled || metrics.listen.port == 0) return;
  const auto& api = server.listen;
  const bool same_host = api.host == metrics.listen.host || is_wildcard_host(api.host) ||
                         is_wildcard_host(metrics.listen.host);
  if (same_host && api.port == metrics.listen.port) {
    diag.error("metrics.listen",
               "uses the same address as server.listen (" + format_listen_address(api) + ")");
  }
}

}  // namespace

void validate(Config& config, Diagnostics& diag) {
  check_server(config.server, diag);
  for (std::size_t i = 0; i < config.providers.size(); ++i) {
    validate_provider(config.providers[i], index_path("providers", i), diag);
  }
  check_models(config.models, config.providers, diag);
  check_keys(config.keys, config.models, diag);
  validate_governance(config, diag);
  check_logging(config.logging, diag);
  check_metrics(config.metrics, config.server, diag);
  validate_pricing(config, diag);
  if (config.models.empty()) {
    diag.warning("models", "no models are configured; every completion request gets 404");
  }
}

}  // namespace llmgw::config
