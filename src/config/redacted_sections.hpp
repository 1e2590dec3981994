#pragma once
// The governance parts of to_redacted_yaml (redacted_governance.cpp): who may call and how
// much (teams, limits, budgets, the unauthenticated mode) and where the state lives.

#include "config/yaml_writer.hpp"
#include "llmgw/config/config.hpp"

namespace llmgw::config::redacted {

/// A key's team, role, limits, budget, expiry and tags, as fields at `depth`.
void write_key_governance(Writer& w, int depth, const KeyConfig& key);

/// `limits:` at `depth`: only the ceilings that are set ({} for none).
void write_limits(Writer& w, int depth, std::string_view name, const RateLimits& limits);

/// A model's `routing:` block at `depth`, every key with its effective value.
void write_routing(Writer& w, int depth, const RoutingConfig& routing);

/// A deployment's routing keys (id, weight, priority, windows) as fields at `depth`.
void write_deployment_routing(Writer& w, int depth, const Deployment& deployment);

/// teams:, the top-level limits:, auth: and state: (the Redis password redacted).
void write_governance(Writer& w, const Config& config);

}  // namespace llmgw::config::redacted
