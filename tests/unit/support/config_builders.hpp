#pragma once
// Small builders for Config values in unit tests that do not exercise the YAML loader.

#include <memory>
#include <string>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/config/snapshot.hpp"

namespace llmgw::testing {

inline config::KeyConfig key(std::string id, std::string_view secret,
                             std::vector<std::string> models = {}) {
  config::KeyConfig k;
  k.id = std::move(id);
  k.secret_sha256 = config::sha256(secret);
  k.allowed_models = std::move(models);
  return k;
}

inline config::ProviderConfig provider(std::string name, bool enabled = true) {
  config::ProviderConfig p;
  p.name = std::move(name);
  p.kind = config::ProviderKind::openai_compatible;
  p.base_url = "http://127.0.0.1:1/v1";
  p.origin = {false, "127.0.0.1", 1, "/v1"};
  p.enabled = enabled;
  return p;
}

/// A deployment of `provider` (index 0) sent upstream as `upstream_model`, named as
/// validation would name it.
inline config::Deployment deployment(std::string provider, std::string upstream_model) {
  config::Deployment d;
  d.provider = std::move(provider);
  d.upstream_model = std::move(upstream_model);
  d.id = d.provider + "/" + d.upstream_model;
  return d;
}

inline config::ModelConfig model(std::string name, std::vector<std::size_t> providers,
                                 const config::Config& cfg) {
  config::ModelConfig m;
  m.name = std::move(name);
  for (std::size_t index : providers) {
    config::Deployment& d = m.deployments.emplace_back();
    d.provider = cfg.providers[index].name;
    d.provider_index = index;
    d.upstream_model = "up-" + m.name;
    d.id = d.provider + "/" + d.upstream_model;  // As validation names it.
    d.state_key = m.name + "\n" + d.id;
  }
  return m;
}

/// Two providers (the second disabled), models "a" (→ p0), "b" (→ p1 only), "c" (→ p1, p0),
/// keys "all" (secret "sk-all") and "only-a" (secret "sk-a", models [a]).
inline std::shared_ptr<const config::Snapshot> sample_snapshot() {
  auto cfg = std::make_shared<config::Config>();
  cfg->providers.push_back(provider("p0"));
  cfg->providers.push_back(provider("p1", false));
  cfg->models.push_back(model("a", {0}, *cfg));
  cfg->models.push_back(model("b", {1}, *cfg));
  cfg->models.push_back(model("c", {1, 0}, *cfg));
  cfg->keys.push_back(key("all", "sk-all"));
  cfg->keys.push_back(key("only-a", "sk-a", {"a"}));
  return std::make_shared<const config::Snapshot>(cfg);
}

}  // namespace llmgw::testing
