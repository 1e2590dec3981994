// teams:, limits: and auth:, and the limit, budget and tag blocks that keys, teams,
// models and the top-level `limits:` share.

#include "config/governance_reader.hpp"

#include "config/sections.hpp"
#include "llmgw/governance/money.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxTeams = 10'000;
constexpr std::size_t kMaxTags = 64;
constexpr std::int64_t kMaxRate = 1'000'000'000;

}  // namespace

void read_rate_limits(const DocNode& node, const std::string& path, Diagnostics& diag,
                      RateLimits& out) {
  MapReader map(node, path, diag);
  // Zero would read as "unlimited" and surprise whoever wrote it: leaving the key out says so.
  const auto read_positive = [&](std::string_view key, std::int64_t& value) {
    const auto* item = map.get(key);
    if (item == nullptr) return;
    if (auto read = scalar_integer(*item, map.child(key), diag, 1, kMaxRate)) value = *read;
  };
  read_positive("rpm", out.rpm);
  read_positive("tpm", out.tpm);
  read_positive("max_parallel", out.max_parallel);
  map.finish();
}

void read_budget(const DocNode& node, const std::string& path, Diagnostics& diag,
                 BudgetConfig& out) {
  MapReader map(node, path, diag);
  std::string amount;
  if (map.require_string("amount", amount)) {
    std::string error;
    if (auto pico = governance::parse_usd(amount, error); !pico) {
      diag.error(map.child("amount"), error);
    } else if (*pico <= 0) {
      diag.error(map.child("amount"), "must be more than 0 (USD, e.g. \"250.00\")");
    } else {
      out.amount = *pico;
    }
  }
  map.read_enum("period", out.period,
                {{"day", BudgetPeriod::day},
                 {"week", BudgetPeriod::week},
                 {"month", BudgetPeriod::month},
                 {"total", BudgetPeriod::total}});
  map.finish();
}

void read_tags(const DocNode& node, const std::string& path, Diagnostics& diag, Tags& out) {
  if (!node.is_map()) {
    diag.error(path, node.line, "must be a mapping of names to strings");
    return;
  }
  if (node.entries.size() > kMaxTags) {
    diag.error(path, node.line, "more than " + std::to_string(kMaxTags) + " tags");
    return;
  }
  for (const auto& entry : node.entries) {
    auto text = scalar_text(entry.value, join_path(path, entry.key), diag);
    if (text) out.emplace(entry.key, std::move(*text));
  }
}

void read_governance(MapReader& map, Diagnostics& diag, RateLimits& limits, BudgetConfig& budget,
                     Tags& tags) {
  if (const auto* node = map.mapping("limits")) {
    read_rate_limits(*node, map.child("limits"), diag, limits);
  }
  if (const auto* node = map.mapping("budget"))
    read_budget(*node, map.child("budget"), diag, budget);
  if (const auto* node = map.get("tags")) read_tags(*node, map.child("tags"), diag, tags);
}

void read_teams(const DocNode& list, LoadContext& ctx, std::vector<TeamConfig>& out) {
  if (list.items.size() > kMaxTeams) {
    ctx.diag.error("teams", list.line, "more than " + std::to_string(kMaxTeams) + " teams");
    return;
  }
  for (std::size_t i = 0; i < list.items.size() && !ctx.diag.error_limit_reached(); ++i) {
    const auto path = index_path("teams", i);
    ctx.diag.record_line(path, list.items[i].line);
    if (!list.items[i].is_map()) {
      ctx.diag.error(path, list.items[i].line, "must be a mapping with an id");
      continue;
    }
    MapReader map(list.items[i], path, ctx.diag);
    TeamConfig team;
    map.require_string("id", team.id);
    if (map.read_string_list("models", team.allowed_models) && team.allowed_models.empty()) {
      ctx.diag.error(map.child("models"), "must not be empty; leave it out to allow every model");
    }
    read_governance(map, ctx.diag, team.limits, team.budget, team.tags);
    map.finish();
    out.push_back(std::move(team));
  }
}

void read_auth(const DocNode& node, LoadContext& ctx, UnauthenticatedConfig& out) {
  MapReader map(node, "auth", ctx.diag);
  if (const auto* unauthenticated = map.mapping("unauthenticated")) {
    MapReader u(*unauthenticated, "auth.unauthenticated", ctx.diag);
    out.enabled = true;
    u.require_string("team", out.team);
    u.finish();
  }
  map.finish();
}

}  // namespace llmgw::config
