// /admin/v1/teams: platform admins create, change and delete teams; a team admin reads its own.
// Teams of the config file are listed and read here but changed only in the file.

#include <algorithm>

#include "admin/admin_call.hpp"
#include "admin/resource_input.hpp"
#include "admin/resource_json.hpp"
#include "store/sqlite/key_index_loader.hpp"

namespace llmgw::admin {

namespace {

namespace db = store::sqlite;
using nlohmann::json;

// A team change must leave every key of the team narrower than the team: the same rule a
// key write is held to.
std::optional<Error> check_keys_still_narrow(db::Database& database, const db::TeamRecord& team) {
  const config::TeamConfig limits = db::to_team_config(team);
  db::KeyListOptions options;
  options.team_id = team.id;
  options.page.limit = db::kMaxPageSize;
  for (;;) {
    auto keys = db::list_keys(database, options);
    if (!keys) return keys.error();
    for (const auto& key : keys.value()) {
      if (auto e = check_key_narrows(key, limits)) {
        return db::conflict_error("The change would leave key '" + key.id +
                                      "' wider than its team (" + e->message +
                                      ") Change or revoke the key first.",
                                  "keys_wider_than_team");
      }
    }
    if (keys->size() < db::kMaxPageSize) return std::nullopt;
    options.page.after_id = keys->back().id;
  }
}

boost::asio::awaitable<AdminResponse> list(const AdminCall& call) {
  if (auto e = check_query(call.route, {"after", "limit"})) co_return error_response(*e);
  auto page = read_page(call.route);
  if (!page) co_return error_response(page.error());
  const db::Page wanted = page.value();
  const db::Page probe = probe_page(wanted);
  auto stored_job = [probe](db::Database& database) { return db::list_teams(database, probe); };
  auto stored = co_await call.services.store.run(std::move(stored_job), kStoreTimeout);
  if (!stored) co_return error_response(stored.error());
  std::vector<std::pair<std::string, json>> rows;
  for (const auto& team : call.snapshot->config().teams) {
    if (team.id > wanted.after_id) rows.emplace_back(team.id, team_json(team));
  }
  for (const auto& team : stored.value()) rows.emplace_back(team.id, team_json(team));
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!call.caller.platform()) {
    std::erase_if(rows, [&](const auto& row) { return row.first != call.caller.team; });
  }
  const bool has_more = rows.size() > wanted.limit;
  json data = json::array();
  for (std::size_t i = 0; i < rows.size() && i < wanted.limit; ++i) {
    data.push_back(std::move(rows[i].second));
  }
  co_return json_response(200, list_json(std::move(data), has_more));
}

boost::asio::awaitable<AdminResponse> get(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (auto e = require_team_access(call.caller, call.route.id)) co_return error_response(*e);
  if (const config::TeamConfig* team = call.snapshot->config().find_team(call.route.id)) {
    co_return json_response(200, team_json(*team));
  }
  const std::string id = call.route.id;
  auto stored_job = [id](db::Database& database) { return db::get_team(database, id); };
  auto stored = co_await call.services.store.run(std::move(stored_job), kStoreTimeout);
  if (!stored) co_return error_response(stored.error());
  co_return json_response(200, team_json(stored.value()));
}

boost::asio::awaitable<AdminResponse> create(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (auto e = require_platform(call.caller, "create teams")) co_return error_response(*e);
  auto input = read_team_create(call.body);
  if (!input) co_return error_response(input.error());
  db::TeamRecord team = std::move(input.value());
  if (auto e = check_models_known(team.allowed_models, call.snapshot->config(), "models")) {
    co_return error_response(*e);
  }
  if (call.snapshot->config().find_team(team.id) != nullptr) {
    co_return error_response(db::duplicate_error("team", team.id));
  }
  team.source = db::Source::api;
  team.created_at_ms = team.updated_at_ms = call.now_ms;
  auto created_job = [team](db::Database& database) { return db::create_team(database, team); };
  auto created = co_await call.services.store.run(std::move(created_job), kStoreTimeout);
  if (!created) co_return error_response(created.error());
  co_await changed(call, team.id);
  call.services.log.info("admin: team created", {{"team", team.id}, {"by", call.caller.key_id}});
  co_return json_response(201, team_json(created.value()));
}

boost::asio::awaitable<AdminResponse> update(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (auto e = require_platform(call.caller, "change teams")) co_return error_response(*e);
  if (call.snapshot->config().find_team(call.route.id) != nullptr) {
    co_return error_response(db::read_only_error("team", call.route.id));
  }
  auto input = read_team_update(call.body);
  if (!input) co_return error_response(input.error());
  const db::TeamPatch patch = std::move(input.value());
  if (patch.allowed_models) {
    if (auto e = check_models_known(*patch.allowed_models, call.snapshot->config(), "models")) {
      co_return error_response(*e);
    }
  }
  const std::string id = call.route.id;
  const std::int64_t now_ms = call.now_ms;
  auto updated_job = [id, patch, now_ms](db::Database& database) -> Result<db::TeamRecord> {
    auto current = db::get_team(database, id);
    if (!current) return current.error();
    db::TeamRecord next = current.value();
    if (patch.allowed_models) next.allowed_models = *patch.allowed_models;
    if (patch.rpm) next.limits.rpm = *patch.rpm;
    if (patch.tpm) next.limits.tpm = *patch.tpm;
    if (patch.max_parallel) next.limits.max_parallel = *patch.max_parallel;
    if (patch.budget) next.budget = *patch.budget;
    if (auto e = check_keys_still_narrow(database, next)) return *e;
    return db::patch_team(database, id, patch, now_ms);
  };
  auto updated = co_await call.services.store.run(std::move(updated_job), kStoreTimeout);
  if (!updated) co_return error_response(updated.error());
  co_await changed(call, id);
  call.services.log.info("admin: team updated", {{"team", id}, {"by", call.caller.key_id}});
  co_return json_response(200, team_json(updated.value()));
}

boost::asio::awaitable<AdminResponse> remove(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (auto e = require_platform(call.caller, "delete teams")) co_return error_response(*e);
  if (call.snapshot->config().find_team(call.route.id) != nullptr) {
    co_return error_response(db::read_only_error("team", call.route.id));
  }
  const std::string id = call.route.id;
  auto removed_job = [id](db::Database& database) { return db::delete_team(database, id); };
  auto removed = co_await call.services.store.run(std::move(removed_job), kStoreTimeout);
  if (!removed) co_return error_response(removed.error());
  co_await changed(call, id);
  call.services.log.info("admin: team deleted", {{"team", id}, {"by", call.caller.key_id}});
  co_return json_response(200, team_json(removed.value()));
}

}  // namespace

boost::asio::awaitable<AdminResponse> handle_teams(const AdminCall& call) {
  switch (call.route.operation) {
    case Operation::list_teams: co_return co_await list(call);
    case Operation::create_team: co_return co_await create(call);
    case Operation::get_team: co_return co_await get(call);
    case Operation::update_team: co_return co_await update(call);
    case Operation::delete_team: co_return co_await remove(call);
    default: break;
  }
  co_return error_response(Error::internal("not a team operation"));
}

}  // namespace llmgw::admin
