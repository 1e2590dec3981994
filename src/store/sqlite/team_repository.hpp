#pragma once
// Teams (tenants) in the embedded store. Plain functions on a Database&, run by the store
// executor. Errors as in key_repository.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/config/governance.hpp"
#include "llmgw/core/error.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/repository_support.hpp"

namespace llmgw::store::sqlite {

struct TeamRecord {
  std::string id;
  std::vector<std::string> allowed_models;  ///< Empty: every model.
  config::RateLimits limits;
  config::BudgetConfig budget;
  config::Tags tags;
  Source source = Source::api;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

/// Unset members stay as they are.
struct TeamPatch {
  std::optional<std::vector<std::string>> allowed_models;
  std::optional<std::int64_t> rpm;
  std::optional<std::int64_t> tpm;
  std::optional<std::int64_t> max_parallel;
  std::optional<config::BudgetConfig> budget;
  std::optional<config::Tags> tags;
};

/// duplicate_error when the id is taken.
Result<TeamRecord> create_team(Database& db, const TeamRecord& team);
Result<TeamRecord> get_team(Database& db, std::string_view id);
/// In id order, at most min(page.limit, kMaxPageSize) rows.
Result<std::vector<TeamRecord>> list_teams(Database& db, const Page& page);
/// read_only_error for a team declared in the config file.
Result<TeamRecord> patch_team(Database& db, std::string_view id, const TeamPatch& patch,
                              std::int64_t now_ms);

/// Removes an API team and returns it as it was. read_only_error for a config team,
/// conflict_error ("team_not_empty") while any of its keys is not revoked.
Result<TeamRecord> delete_team(Database& db, std::string_view id);

}  // namespace llmgw::store::sqlite
