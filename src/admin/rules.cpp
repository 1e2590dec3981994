#include "admin/rules.hpp"

#include <algorithm>

#include "llmgw/governance/money.hpp"

namespace llmgw::admin {

namespace {

std::optional<Error> narrower(std::string_view field, std::int64_t key_value,
                              std::int64_t team_value, std::string_view team) {
  // 0 is "no limit": a key without its own limit is held by the team's, and a team without
  // one holds nothing back.
  if (team_value == 0 || key_value == 0 || key_value <= team_value) return std::nullopt;
  std::string message = "'limits.";
  message.append(field).append("' is ").append(std::to_string(key_value));
  message.append(", above team '").append(team).append("''s ");
  message.append(std::to_string(team_value)).append("; a key may only narrow its team's limits.");
  return Error::invalid_request(std::move(message), "limits." + std::string(field),
                                "wider_than_team");
}

}  // namespace

std::optional<Error> require_platform(const Caller& caller, std::string_view action) {
  if (caller.platform()) return std::nullopt;
  std::string message = "Only a platform admin may ";
  message.append(action)
      .append("; the key '")
      .append(caller.key_id)
      .append("' is a team admin of '");
  message.append(caller.team).append("'.");
  return Error::permission(std::move(message), "platform_admin_required");
}

std::optional<Error> require_team_access(const Caller& caller, std::string_view team) {
  if (caller.platform() || caller.team == team) return std::nullopt;
  std::string message = "The key '";
  message.append(caller.key_id).append("' administers team '").append(caller.team);
  if (team.empty()) {
    message.append("' and may not act on keys without a team.");
  } else {
    message.append("' and may not act on team '").append(team).append("'.");
  }
  return Error::permission(std::move(message), "other_team");
}

std::optional<Error> check_key_narrows(const store::sqlite::KeyRecord& key,
                                       const config::TeamConfig& team) {
  if (auto e = narrower("rpm", key.limits.rpm, team.limits.rpm, team.id)) return e;
  if (auto e = narrower("tpm", key.limits.tpm, team.limits.tpm, team.id)) return e;
  if (auto e = narrower("max_parallel", key.limits.max_parallel, team.limits.max_parallel, team.id))
    return e;
  if (team.budget.set() && key.budget.set() && key.budget.amount > team.budget.amount) {
    return Error::invalid_request("'budget.amount' is above team '" + team.id + "''s budget of " +
                                      governance::format_usd(team.budget.amount) +
                                      " USD; a key may only narrow its team's budget.",
                                  "budget.amount", "wider_than_team");
  }
  if (!team.allowed_models.empty()) {
    if (key.allowed_models.empty()) {
      // "Every model" would mean every model of the team: the team's list holds it.
      return std::nullopt;
    }
    for (const auto& model : key.allowed_models) {
      if (std::find(team.allowed_models.begin(), team.allowed_models.end(), model) ==
          team.allowed_models.end()) {
        return Error::invalid_request(
            "'models' holds '" + model + "', which is not among team '" + team.id + "''s models.",
            "models", "wider_than_team");
      }
    }
  }
  return std::nullopt;
}

std::optional<Error> check_models_known(const std::vector<std::string>& models,
                                        const config::Config& config, std::string_view field) {
  for (const auto& model : models) {
    if (config.find_model(model) == nullptr) {
      std::string message = "'";
      message.append(field).append("' names the unknown model '").append(model).append("'.");
      return Error::invalid_request(std::move(message), std::string(field), "unknown_model");
    }
  }
  return std::nullopt;
}

Error not_admin_error(std::string_view key_id) {
  return Error::permission("The API key '" + std::string(key_id) +
                               "' may not use the admin API: it needs the platform admin key or a "
                               "key with role team_admin.",
                           "admin_required");
}

Error admin_unauthenticated_error(bool presented) {
  return Error::authentication(
      presented ? "Incorrect admin key provided."
                : "The admin API needs a key: send 'Authorization: Bearer <key>' with the platform "
                  "admin key or a team admin's key.");
}

}  // namespace llmgw::admin
