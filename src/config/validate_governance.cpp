// Cross-checks of teams, keys and the unauthenticated mode: references resolve, keys only
// narrow their team, and requests without a key can only come from this machine.

#include <set>

#include "config/governance_reader.hpp"
#include "config/validate.hpp"
#include "llmgw/governance/money.hpp"

namespace llmgw::config {

namespace {

bool is_loopback_listener(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// A key's ceiling may only be tighter than its team's: a team cap that one key could lift
// would not be a cap.
void check_narrows(std::int64_t key_value, std::int64_t team_value, const std::string& path,
                   const std::string& team, Diagnostics& diag) {
  if (team_value == 0) return;
  if (key_value > team_value) {
    diag.error(path, "is " + std::to_string(key_value) + ", above team \"" + team + "\"'s " +
                         std::to_string(team_value) + "; a key may only narrow its team's limits");
  }
}

void check_limits_narrow(const RateLimits& key, const RateLimits& team, const std::string& path,
                         const std::string& team_id, Diagnostics& diag) {
  check_narrows(key.rpm, team.rpm, join_path(path, "rpm"), team_id, diag);
  check_narrows(key.tpm, team.tpm, join_path(path, "tpm"), team_id, diag);
  check_narrows(key.max_parallel, team.max_parallel, join_path(path, "max_parallel"), team_id,
                diag);
}

void check_models_known(const std::vector<std::string>& names,
                        const std::set<std::string_view>& known, const std::string& path,
                        Diagnostics& diag) {
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (!known.contains(names[j])) {
      diag.error(index_path(path, j), "unknown model \"" + names[j] + "\"");
    }
  }
}

void check_key_against_team(const KeyConfig& key, const TeamConfig& team, const std::string& path,
                            Diagnostics& diag) {
  check_limits_narrow(key.limits, team.limits, join_path(path, "limits"), team.id, diag);
  if (team.budget.set() && key.budget.set() && key.budget.amount > team.budget.amount) {
    diag.error(join_path(path, "budget.amount"),
               "is above team \"" + team.id + "\"'s budget of " +
                   governance::format_usd(team.budget.amount) +
                   " USD; a key may only narrow its team's budget");
  }
  if (team.allowed_models.empty()) return;
  const std::set<std::string_view> team_models(team.allowed_models.begin(),
                                               team.allowed_models.end());
  for (std::size_t j = 0; j < key.allowed_models.size(); ++j) {
    if (!team_models.contains(key.allowed_models[j])) {
      diag.error(
          index_path(join_path(path, "models"), j),
          "\"" + key.allowed_models[j] + "\" is not among team \"" + team.id + "\"'s models");
    }
  }
}

}  // namespace

void validate_governance(const Config& config, Diagnostics& diag) {
  std::set<std::string_view> model_names;
  for (const auto& model : config.models) model_names.insert(model.name);

  std::set<std::string_view> team_ids;
  for (std::size_t i = 0; i < config.teams.size(); ++i) {
    const auto& team = config.teams[i];
    const auto path = index_path("teams", i);
    if (team.id.empty()) continue;  // Reported as required.
    if (!is_valid_identifier(team.id)) {
      diag.error(join_path(path, "id"),
                 "must be 1-64 characters of letters, digits, '_', '.' and '-'");
    }
    if (!team_ids.insert(team.id).second) {
      diag.error(join_path(path, "id"), "duplicate \"" + team.id + "\"");
    }
    check_models_known(team.allowed_models, model_names, join_path(path, "models"), diag);
  }

  for (std::size_t i = 0; i < config.keys.size(); ++i) {
    const auto& key = config.keys[i];
    const auto path = index_path("keys", i);
    if (key.role == KeyRole::team_admin && key.team.empty()) {
      diag.error(join_path(path, "role"), "team_admin needs a team");
    }
    if (key.team.empty()) continue;
    const TeamConfig* team = config.find_team(key.team);
    if (team == nullptr) {
      diag.error(join_path(path, "team"), "unknown team \"" + key.team + "\"");
      continue;
    }
    check_key_against_team(key, *team, path, diag);
  }

  const auto& unauthenticated = config.unauthenticated;
  if (unauthenticated.enabled) {
    if (!unauthenticated.team.empty() && config.find_team(unauthenticated.team) == nullptr) {
      diag.error("auth.unauthenticated.team", "unknown team \"" + unauthenticated.team + "\"");
    }
    // Without a key anyone who can reach the port spends the team's budget: only this
    // machine may.
    if (!is_loopback_listener(config.server.listen.host)) {
      diag.error("auth.unauthenticated", "needs every listener on loopback, but server.listen is " +
                                             config.server.listen.host +
                                             "; use keys, or listen on 127.0.0.1");
    }
    if (config.metrics.enabled && !is_loopback_listener(config.metrics.listen.host)) {
      diag.error(
          "auth.unauthenticated",
          "needs every listener on loopback, but metrics.listen is " + config.metrics.listen.host);
    }
  }
  if (config.admin.enabled) {
    if (unauthenticated.enabled && !is_loopback_listener(config.admin.listen.host)) {
      diag.error("auth.unauthenticated", "needs every listener on loopback, but admin.listen is " +
                                             config.admin.listen.host);
    }
    // Keys and teams created through the API, and access decisions, live in llmgw.db.
    if (config.state.dir.empty()) {
      diag.error("admin",
                 "needs state.dir: keys, teams and access requests created through the "
                 "admin API are stored in <state.dir>/llmgw.db");
    }
    if (config.admin.max_body_bytes < 1024 || config.admin.max_body_bytes > 16 * 1024 * 1024) {
      diag.error("admin.max_body_bytes", "must be between 1KiB and 16MiB");
    }
  }
  if (config.state.spend_queue_size < 1 || config.state.spend_queue_size > (1u << 24)) {
    diag.error("state.spend_queue_size", "must be between 1 and 16777216");
  }
}

}  // namespace llmgw::config
