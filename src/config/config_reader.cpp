#include "config/governance_reader.hpp"
#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace llmgw::config {

Config read_config(const DocNode& root, LoadContext& ctx) {
  Config config;
  config.source_file = ctx.diag.file();
  MapReader map(root, "", ctx.diag);
  if (const auto* server = map.mapping("server")) read_server(*server, ctx, config.server);
  if (const auto* providers = map.sequence("providers")) {
    read_providers(*providers, ctx, config.providers);
  }
  if (const auto* models = map.sequence("models")) read_models(*models, ctx, config.models);
  if (const auto* keys = map.sequence("keys")) read_keys(*keys, ctx, config.keys);
  if (const auto* teams = map.sequence("teams")) read_teams(*teams, ctx, config.teams);
  if (const auto* limits = map.mapping("limits")) {
    read_rate_limits(*limits, "limits", ctx.diag, config.limits);
  }
  if (const auto* auth = map.mapping("auth")) read_auth(*auth, ctx, config.unauthenticated);
  if (const auto* state = map.mapping("state")) read_state(*state, ctx, config.state);
  if (const auto* logging = map.mapping("logging")) read_logging(*logging, ctx, config.logging);
  if (const auto* metrics = map.mapping("metrics")) read_metrics(*metrics, ctx, config.metrics);
  read_pricing(map.mapping("pricing"), ctx, config.pricing);
  if (const auto* admin = map.mapping("admin")) read_admin(*admin, ctx, config.admin);
  map.finish();
  return config;
}

}  // namespace llmgw::config
