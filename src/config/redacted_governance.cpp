// to_redacted_yaml's governance sections. They load back to the same settings: a Redis
// password comes back as the literal "<redacted>", as provider keys do.

#include <string>

#include "config/redacted_sections.hpp"
#include "config/rfc3339.hpp"
#include "config/units.hpp"
#include "llmgw/governance/money.hpp"

namespace llmgw::config::redacted {

namespace {

void write_budget(Writer& w, int depth, const BudgetConfig& budget) {
  if (!budget.set()) return w.comment(depth, "budget: none");
  w.field(depth, "budget",
          "{amount: " + quote(governance::format_usd(budget.amount)) +
              ", period: " + std::string(governance::to_string(budget.period)) + "}");
}

void write_tags(Writer& w, int depth, const Tags& tags) {
  if (tags.empty()) return w.field(depth, "tags", "{}");
  w.section(depth, "tags");
  for (const auto& [name, value] : tags) w.field(depth + 1, quote(name), quote(value));
}

void write_team(Writer& w, const TeamConfig& team) {
  w.item(1, "id", quote(team.id));
  if (team.allowed_models.empty()) {
    w.comment(2, "models: every model");
  } else {
    w.list(2, "models", team.allowed_models);
  }
  write_limits(w, 2, "limits", team.limits);
  write_budget(w, 2, team.budget);
  write_tags(w, 2, team.tags);
}

void write_redis(Writer& w, const RedisConfig& redis) {
  w.section(1, "redis");
  w.field(2, "host", quote(redis.host));
  w.field(2, "port", std::to_string(redis.port));
  w.field(2, "username", quote(redis.username));
  // An "<unset>" would load back as a literal password.
  if (redis.password.empty()) {
    w.comment(2, "password: none");
  } else {
    w.field(2, "password", kRedacted);
  }
  w.field(2, "database", std::to_string(redis.database));
  w.field(2, "timeout", format_duration(redis.timeout));
  w.field(2, "connect_timeout", format_duration(redis.connect_timeout));
  w.field(2, "backoff_max", format_duration(redis.backoff_max));
  w.field(2, "on_failure", redis.on_failure == FailMode::open ? "fail_open" : "fail_closed");
  w.field(2, "prefix", quote(redis.prefix));
  w.field(2, "lease", format_duration(redis.lease));
}

void write_state(Writer& w, const StateConfig& state) {
  w.section(0, "state");
  w.field(1, "dir", quote(state.dir));
  w.field(1, "spend_queue_size", std::to_string(state.spend_queue_size));
  const bool redis = state.backend == StateBackend::redis;
  w.field(1, "backend", redis ? "redis" : "memory");
  // With the memory backend a redis: section only draws a warning on reload.
  if (redis) {
    write_redis(w, state.redis);
  } else {
    w.comment(1, "redis: not used by the memory backend");
  }
}

}  // namespace

void write_limits(Writer& w, int depth, std::string_view name, const RateLimits& limits) {
  std::string fields;
  const auto add = [&](std::string_view key, std::int64_t value) {
    if (value == 0) return;
    fields += fields.empty() ? "" : ", ";
    fields.append(key).append(": ").append(std::to_string(value));
  };
  add("rpm", limits.rpm);
  add("tpm", limits.tpm);
  add("max_parallel", limits.max_parallel);
  w.field(depth, name, "{" + fields + "}");
}

void write_key_governance(Writer& w, int depth, const KeyConfig& key) {
  if (key.team.empty()) {
    w.comment(depth, "team: none");
  } else {
    w.field(depth, "team", quote(key.team));
  }
  w.field(depth, "role", key.role == KeyRole::team_admin ? "team_admin" : "user");
  write_limits(w, depth, "limits", key.limits);
  write_limits(w, depth, "model_limits", key.per_model_limits);
  write_budget(w, depth, key.budget);
  if (key.expires_at == 0) {
    w.comment(depth, "expires: never");
  } else {
    w.field(depth, "expires", quote(format_rfc3339(key.expires_at)));
  }
  write_tags(w, depth, key.tags);
}

void write_governance(Writer& w, const Config& config) {
  if (config.teams.empty()) {
    w.field(0, "teams", "[]");
  } else {
    w.section(0, "teams");
    for (const auto& team : config.teams) write_team(w, team);
  }
  write_limits(w, 0, "limits", config.limits);
  if (config.unauthenticated.enabled) {
    w.section(0, "auth");
    w.section(1, "unauthenticated");
    w.field(2, "team", quote(config.unauthenticated.team));
  } else {
    w.field(0, "auth", "{}");
    w.comment(0, "auth.unauthenticated: off (every request needs a key)");
  }
  write_state(w, config.state);
}

}  // namespace llmgw::config::redacted
