#pragma once
// Who may do what, and what a key may ask for relative to its team. Pure functions: the
// handlers call them with rows already read, and the unit tests call them directly.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "store/sqlite/key_repository.hpp"

namespace llmgw::admin {

/// Who called the admin API.
struct Caller {
  enum class Kind { platform_admin, team_admin };
  Kind kind = Kind::team_admin;
  std::string key_id;  ///< "admin" for the platform admin key.
  std::string team;    ///< A team admin's team.

  bool platform() const noexcept { return kind == Kind::platform_admin; }
};

/// 403 unless the caller is the platform admin; `action` says what was refused.
std::optional<Error> require_platform(const Caller& caller, std::string_view action);

/// 403 when a team admin acts on another team's keys, usage or requests (names both teams).
std::optional<Error> require_team_access(const Caller& caller, std::string_view team);

/// 400 naming the first way `key` is wider than `team`: a limit above the team's, a budget
/// above the team's, or a model outside the team's list. The same rules as the config file's.
std::optional<Error> check_key_narrows(const store::sqlite::KeyRecord& key,
                                       const config::TeamConfig& team);

/// 400 naming the first model not configured in `config`.
std::optional<Error> check_models_known(const std::vector<std::string>& models,
                                        const config::Config& config, std::string_view field);

/// 403 "admin_required"; 401 for no or unknown credentials.
Error not_admin_error(std::string_view key_id);
Error admin_unauthenticated_error(bool presented);

}  // namespace llmgw::admin
