#include "store/sqlite/team_repository.hpp"

#include <algorithm>
#include <utility>

namespace llmgw::store::sqlite {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, allowed_models, rpm, tpm, max_parallel, budget_pico, budget_period, tags, "
    "source, created_at, updated_at FROM teams ";

constexpr std::string_view kInsert =
    "INSERT INTO teams (id, allowed_models, rpm, tpm, max_parallel, budget_pico, "
    "budget_period, tags, source, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

constexpr std::string_view kUpdate =
    "UPDATE teams SET allowed_models = ?2, rpm = ?3, tpm = ?4, max_parallel = ?5, "
    "budget_pico = ?6, budget_period = ?7, tags = ?8, source = ?9, created_at = ?10, "
    "updated_at = ?11 WHERE id = ?1";

TeamRecord read_team(const Statement& row) {
  TeamRecord team;
  team.id = row.column_text(0);
  team.allowed_models = strings_from_json(row.column_text(1));
  team.limits.rpm = row.column_int(2);
  team.limits.tpm = row.column_int(3);
  team.limits.max_parallel = row.column_int(4);
  team.budget.amount = row.column_int(5);
  team.budget.period = parse_budget_period(row.column_text(6));
  team.tags = tags_from_json(row.column_text(7));
  team.source = parse_source(row.column_text(8));
  team.created_at_ms = row.column_int(9);
  team.updated_at_ms = row.column_int(10);
  return team;
}

void bind_team(Statement& statement, const TeamRecord& team) {
  statement.bind_text(1, team.id)
      .bind_text(2, strings_to_json(team.allowed_models))
      .bind_int(3, team.limits.rpm)
      .bind_int(4, team.limits.tpm)
      .bind_int(5, team.limits.max_parallel)
      .bind_int(6, team.budget.amount)
      .bind_text(7, to_string(team.budget.period))
      .bind_text(8, tags_to_json(team.tags))
      .bind_text(9, to_string(team.source))
      .bind_int(10, team.created_at_ms)
      .bind_int(11, team.updated_at_ms);
}

std::optional<TeamRecord> load(Database& db, std::string_view id) {
  auto select = db.prepare(sql_text({kSelect, "WHERE id = ?1"}));
  select.bind_text(1, id);
  if (!select.step()) return std::nullopt;
  return read_team(select);
}

}  // namespace

Result<TeamRecord> create_team(Database& db, const TeamRecord& team) {
  try {
    auto insert = db.prepare(kInsert);
    bind_team(insert, team);
    insert.run();
  } catch (const SqliteError& e) {
    return constraint_error(e, "team", team.id);
  }
  return team;
}

Result<TeamRecord> get_team(Database& db, std::string_view id) {
  auto team = load(db, id);
  if (!team) return not_found_error("team", id);
  return std::move(*team);
}

Result<std::vector<TeamRecord>> list_teams(Database& db, const Page& page) {
  auto select = db.prepare(sql_text({kSelect, "WHERE id > ?1 ORDER BY id LIMIT ?2"}));
  select.bind_text(1, page.after_id)
      .bind_int(2, static_cast<std::int64_t>(std::min(page.limit, kMaxPageSize)));
  std::vector<TeamRecord> teams;
  while (select.step()) teams.push_back(read_team(select));
  return teams;
}

Result<TeamRecord> patch_team(Database& db, std::string_view id, const TeamPatch& patch,
                              std::int64_t now_ms) {
  Transaction transaction(db);
  auto team = load(db, id);
  if (!team) return not_found_error("team", id);
  if (team->source == Source::yaml) return read_only_error("team", id);
  if (patch.allowed_models) team->allowed_models = *patch.allowed_models;
  if (patch.rpm) team->limits.rpm = *patch.rpm;
  if (patch.tpm) team->limits.tpm = *patch.tpm;
  if (patch.max_parallel) team->limits.max_parallel = *patch.max_parallel;
  if (patch.budget) team->budget = *patch.budget;
  if (patch.tags) team->tags = *patch.tags;
  team->updated_at_ms = now_ms;
  try {
    auto update = db.prepare(kUpdate);
    bind_team(update, *team);
    update.run();
  } catch (const SqliteError& e) {
    return constraint_error(e, "team", id);
  }
  transaction.commit();
  return std::move(*team);
}

Result<TeamRecord> delete_team(Database& db, std::string_view id) {
  Transaction transaction(db);
  auto team = load(db, id);
  if (!team) return not_found_error("team", id);
  if (team->source == Source::yaml) return read_only_error("team", id);
  // A key of a deleted team would lose its team's caps; its holders keep calling, so the
  // keys go first, by an explicit decision.
  auto count = db.prepare("SELECT count(*) FROM keys WHERE team_id = ?1 AND revoked_at IS NULL");
  count.bind_text(1, id);
  count.step();
  if (const std::int64_t active = count.column_int(0); active > 0) {
    return conflict_error("team '" + std::string(id) + "' still has " + std::to_string(active) +
                              " active key(s); revoke them first",
                          "team_not_empty");
  }
  auto remove = db.prepare("DELETE FROM teams WHERE id = ?1");
  remove.bind_text(1, id);
  remove.run();
  transaction.commit();
  return std::move(*team);
}

}  // namespace llmgw::store::sqlite
