#include "admin/resource_json.hpp"

#include "llmgw/governance/money.hpp"
#include "observability/utc_time.hpp"

namespace llmgw::admin {

namespace {

using nlohmann::json;

json limits_json(const config::RateLimits& limits) {
  return {{"rpm", limits.rpm}, {"tpm", limits.tpm}, {"max_parallel", limits.max_parallel}};
}

json budget_json(const config::BudgetConfig& budget) {
  if (!budget.set()) return nullptr;
  return {{"amount", governance::format_usd(budget.amount)},
          {"period", std::string(governance::to_string(budget.period))}};
}

json models_json(const std::vector<std::string>& models) {
  if (models.empty()) return nullptr;  // Every model (of the team, for a team's key).
  return models;
}

json tags_json(const config::Tags& tags) {
  json out = json::object();
  for (const auto& [name, value] : tags) out[name] = value;
  return out;
}

std::string_view role_text(config::KeyRole role) {
  return role == config::KeyRole::team_admin ? "team_admin" : "user";
}

}  // namespace

json time_json(std::optional<std::int64_t> unix_ms) {
  if (!unix_ms) return nullptr;
  std::string text;
  observability::append_utc_timestamp(
      text, std::chrono::system_clock::time_point(std::chrono::milliseconds(*unix_ms)));
  return text;
}

json key_json(const store::sqlite::KeyRecord& key) {
  json out = {{"id", key.id},
              {"team", key.team_id.empty() ? json(nullptr) : json(key.team_id)},
              {"role", role_text(key.role)},
              {"models", models_json(key.allowed_models)},
              {"limits", limits_json(key.limits)},
              {"model_limits", limits_json(key.model_limits)},
              {"budget", budget_json(key.budget)},
              {"expires_at", time_json(key.expires_at_ms)},
              {"tags", tags_json(key.tags)},
              {"source", key.source == store::sqlite::Source::yaml ? "config" : "api"},
              {"created_at", time_json(key.created_at_ms)},
              {"updated_at", time_json(key.updated_at_ms)},
              {"revoked_at", time_json(key.revoked_at_ms)},
              {"previous_secret_expires_at", json(nullptr)}};
  if (key.previous_secret_sha256) {
    out["previous_secret_expires_at"] = time_json(key.previous_secret_expires_at_ms);
  }
  return out;
}

json key_json(const config::KeyConfig& key) {
  return {{"id", key.id},
          {"team", key.team.empty() ? json(nullptr) : json(key.team)},
          {"role", role_text(key.role)},
          {"models", models_json(key.allowed_models)},
          {"limits", limits_json(key.limits)},
          {"model_limits", limits_json(key.per_model_limits)},
          {"budget", budget_json(key.budget)},
          {"expires_at", key.expires_at == 0 ? json(nullptr) : time_json(key.expires_at * 1000)},
          {"tags", tags_json(key.tags)},
          {"source", "config"},
          {"created_at", nullptr},
          {"updated_at", nullptr},
          {"revoked_at", nullptr},
          {"previous_secret_expires_at", nullptr}};
}

json team_json(const store::sqlite::TeamRecord& team) {
  return {{"id", team.id},
          {"models", models_json(team.allowed_models)},
          {"limits", limits_json(team.limits)},
          {"budget", budget_json(team.budget)},
          {"tags", tags_json(team.tags)},
          {"source", team.source == store::sqlite::Source::yaml ? "config" : "api"},
          {"created_at", time_json(team.created_at_ms)},
          {"updated_at", time_json(team.updated_at_ms)}};
}

json team_json(const config::TeamConfig& team) {
  return {{"id", team.id},
          {"models", models_json(team.allowed_models)},
          {"limits", limits_json(team.limits)},
          {"budget", budget_json(team.budget)},
          {"tags", tags_json(team.tags)},
          {"source", "config"},
          {"created_at", nullptr},
          {"updated_at", nullptr}};
}

json access_request_json(const store::sqlite::AccessRequest& request) {
  return {
      {"id", request.id},
      {"team", request.team_id},
      {"model", request.model},
      {"status", std::string(store::sqlite::to_string(request.status))},
      {"requested_by", request.requested_by},
      {"reason", request.reason},
      {"decided_by", request.decided_by ? json(*request.decided_by) : json(nullptr)},
      {"decision_reason", request.decision_reason ? json(*request.decision_reason) : json(nullptr)},
      {"created_at", time_json(request.created_at_ms)},
      {"decided_at", time_json(request.decided_at_ms)}};
}

json usage_json(const store::sqlite::UsageQuery& query,
                std::span<const store::sqlite::UsageRow> rows) {
  json data = json::array();
  for (const auto& row : rows) {
    data.push_back({{"bucket_start", time_json(row.bucket_start_ms)},
                    {"group", row.group},
                    {"requests", row.requests},
                    {"input_tokens", row.input_tokens},
                    {"output_tokens", row.output_tokens},
                    {"cached_tokens", row.cached_tokens},
                    {"cache_write_tokens", row.cache_write_tokens},
                    {"reasoning_tokens", row.reasoning_tokens},
                    {"cost_usd", governance::format_usd(row.cost_pico)},
                    {"cost_pico", row.cost_pico},
                    {"unpriced_requests", row.unpriced_requests}});
  }
  return {{"object", "usage"},
          {"group_by", std::string(store::sqlite::to_string(query.group_by))},
          {"granularity", query.granularity == store::sqlite::Granularity::hour ? "hour" : "day"},
          {"from", time_json(query.from_ms)},
          {"to", time_json(query.to_ms)},
          {"team", query.team_id ? json(*query.team_id) : json(nullptr)},
          {"data", std::move(data)}};
}

json list_json(json data, bool has_more) {
  return {{"object", "list"}, {"data", std::move(data)}, {"has_more", has_more}};
}

}  // namespace llmgw::admin
