// /admin/v1/keys: list, create (the secret is returned once), read, update, revoke, rotate.
// Keys of the config file are listed and read here but changed only in the file.

#include <openssl/crypto.h>

#include <algorithm>

#include "admin/admin_call.hpp"
#include "admin/resource_input.hpp"
#include "admin/resource_json.hpp"
#include "llmgw/config/snapshot.hpp"
#include "store/sqlite/key_index_loader.hpp"

namespace llmgw::admin {

namespace {

namespace db = store::sqlite;
using nlohmann::json;

const config::KeyConfig* config_key(const config::Snapshot& snapshot, std::string_view id) {
  for (const auto& key : snapshot.config().keys) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

// The team a key belongs to as the request path sees it: the config file's, else the store's.
Result<config::TeamConfig> find_team(db::Database& database, const config::Snapshot& snapshot,
                                     const std::string& id) {
  if (const config::TeamConfig* team = snapshot.find_team(id)) return *team;
  auto stored = db::get_team(database, id);
  if (!stored) {
    return Error::invalid_request("'team' names the unknown team '" + id + "'.", "team",
                                  "unknown_team");
  }
  return db::to_team_config(*stored);
}

Error read_only(std::string_view id) {
  return db::read_only_error("key", id);
}

boost::asio::awaitable<AdminResponse> list(const AdminCall& call) {
  if (auto e = check_query(call.route, {"team", "include_revoked", "after", "limit"})) {
    co_return error_response(*e);
  }
  auto page = read_page(call.route);
  if (!page) co_return error_response(page.error());
  db::KeyListOptions options;
  options.page = probe_page(page.value());
  if (auto it = call.route.query.find("team"); it != call.route.query.end()) {
    options.team_id = it->second;
  }
  if (auto it = call.route.query.find("include_revoked"); it != call.route.query.end()) {
    if (it->second != "true" && it->second != "false") {
      co_return error_response(Error::invalid_request("'include_revoked' must be true or false.",
                                                      "include_revoked", "invalid_value"));
    }
    options.include_revoked = it->second == "true";
  }
  if (!call.caller.platform()) {
    if (auto e = require_team_access(call.caller, options.team_id.value_or(call.caller.team))) {
      co_return error_response(*e);
    }
    options.team_id = call.caller.team;
  }
  auto stored_job = [options](db::Database& database) { return db::list_keys(database, options); };
  auto stored = co_await call.services.store.run(std::move(stored_job), kStoreTimeout);
  if (!stored) co_return error_response(stored.error());

  // One id-ordered page over both sources: ids are unique across them.
  std::vector<std::pair<std::string, json>> rows;
  for (const auto& key : call.snapshot->config().keys) {
    if (key.id <= options.page.after_id) continue;
    if (options.team_id && key.team != *options.team_id) continue;
    rows.emplace_back(key.id, key_json(key));
  }
  for (const auto& key : stored.value()) rows.emplace_back(key.id, key_json(key));
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  const std::size_t limit = page->limit;
  const bool has_more = rows.size() > limit;
  json data = json::array();
  for (std::size_t i = 0; i < rows.size() && i < limit; ++i)
    data.push_back(std::move(rows[i].second));
  co_return json_response(200, list_json(std::move(data), has_more));
}

boost::asio::awaitable<AdminResponse> get(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (const config::KeyConfig* key = config_key(*call.snapshot, call.route.id)) {
    if (auto e = require_team_access(call.caller, key->team)) co_return error_response(*e);
    co_return json_response(200, key_json(*key));
  }
  const std::string id = call.route.id;
  auto stored_job = [id](db::Database& database) { return db::get_key(database, id); };
  auto stored = co_await call.services.store.run(std::move(stored_job), kStoreTimeout);
  if (!stored) co_return error_response(stored.error());
  if (auto e = require_team_access(call.caller, stored->team_id)) co_return error_response(*e);
  co_return json_response(200, key_json(stored.value()));
}

boost::asio::awaitable<AdminResponse> create(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  auto input = read_key_create(call.body);
  if (!input) co_return error_response(input.error());
  db::KeyRecord key = std::move(input->key);
  if (!input->team_given && !call.caller.platform()) key.team_id = call.caller.team;
  if (auto e = require_team_access(call.caller, key.team_id)) co_return error_response(*e);
  if (key.role == config::KeyRole::team_admin) {
    if (auto e = require_platform(call.caller, "create team_admin keys"))
      co_return error_response(*e);
    if (key.team_id.empty()) {
      co_return error_response(
          Error::invalid_request("'role' team_admin needs a 'team'.", "role", "invalid_value"));
    }
  }
  if (auto e = check_models_known(key.allowed_models, call.snapshot->config(), "models")) {
    co_return error_response(*e);
  }
  if (!input->id_given) key.id = generate_id("key-");
  if (config_key(*call.snapshot, key.id) != nullptr) {
    co_return error_response(db::duplicate_error("key", key.id));
  }
  std::string secret = generate_secret();
  key.secret_sha256 = config::sha256(secret);
  key.source = db::Source::api;
  key.created_at_ms = key.updated_at_ms = call.now_ms;
  auto snapshot = call.snapshot;
  auto created_job = [key, snapshot](db::Database& database) -> Result<db::KeyRecord> {
    if (!key.team_id.empty()) {
      auto team = find_team(database, *snapshot, key.team_id);
      if (!team) return team.error();
      if (auto e = check_key_narrows(key, team.value())) return *e;
    }
    return db::create_key(database, key);
  };
  auto created = co_await call.services.store.run(std::move(created_job), kStoreTimeout);
  if (!created) co_return error_response(created.error());
  const std::string announced = created->id;
  co_await changed(call, announced);
  call.services.log.info("admin: key created", {{"key", created->id}, {"by", call.caller.key_id}});
  json body = key_json(created.value());
  body["secret"] = secret;
  OPENSSL_cleanse(secret.data(), secret.size());
  co_return json_response(201, body);
}

boost::asio::awaitable<AdminResponse> update(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (config_key(*call.snapshot, call.route.id) != nullptr) {
    co_return error_response(read_only(call.route.id));
  }
  auto input = read_key_update(call.body);
  if (!input) co_return error_response(input.error());
  const db::KeyPatch patch = std::move(input->patch);
  if (patch.role == config::KeyRole::team_admin) {
    if (auto e = require_platform(call.caller, "make team_admin keys"))
      co_return error_response(*e);
  }
  if (patch.allowed_models) {
    if (auto e = check_models_known(*patch.allowed_models, call.snapshot->config(), "models")) {
      co_return error_response(*e);
    }
  }
  auto snapshot = call.snapshot;
  const Caller caller = call.caller;
  const std::string id = call.route.id;
  const std::int64_t now_ms = call.now_ms;
  auto updated_job = [id, patch, snapshot, caller,
                      now_ms](db::Database& database) -> Result<db::KeyRecord> {
    auto current = db::get_key(database, id);
    if (!current) return current.error();
    if (auto e = require_team_access(caller, current->team_id)) return *e;
    db::KeyRecord next = current.value();
    if (patch.role) next.role = *patch.role;
    if (next.role == config::KeyRole::team_admin && next.team_id.empty()) {
      return Error::invalid_request("'role' team_admin needs a key with a team.", "role",
                                    "invalid_value");
    }
    if (patch.allowed_models) next.allowed_models = *patch.allowed_models;
    if (patch.rpm) next.limits.rpm = *patch.rpm;
    if (patch.tpm) next.limits.tpm = *patch.tpm;
    if (patch.max_parallel) next.limits.max_parallel = *patch.max_parallel;
    if (patch.budget) next.budget = *patch.budget;
    if (!next.team_id.empty()) {
      auto team = find_team(database, *snapshot, next.team_id);
      if (!team) return team.error();
      if (auto e = check_key_narrows(next, team.value())) return *e;
    }
    return db::patch_key(database, id, patch, now_ms);
  };
  auto updated = co_await call.services.store.run(std::move(updated_job), kStoreTimeout);
  if (!updated) co_return error_response(updated.error());
  co_await changed(call, id);
  call.services.log.info("admin: key updated", {{"key", id}, {"by", call.caller.key_id}});
  co_return json_response(200, key_json(updated.value()));
}

boost::asio::awaitable<AdminResponse> revoke(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (config_key(*call.snapshot, call.route.id) != nullptr) {
    co_return error_response(read_only(call.route.id));
  }
  const Caller caller = call.caller;
  const std::string id = call.route.id;
  const std::int64_t now_ms = call.now_ms;
  auto revoked_job = [id, caller, now_ms](db::Database& database) -> Result<db::KeyRecord> {
    auto current = db::get_key(database, id);
    if (!current) return current.error();
    if (auto e = require_team_access(caller, current->team_id)) return *e;
    return db::revoke_key(database, id, now_ms);
  };
  auto revoked = co_await call.services.store.run(std::move(revoked_job), kStoreTimeout);
  if (!revoked) co_return error_response(revoked.error());
  co_await changed(call, id);
  call.services.log.info("admin: key revoked", {{"key", id}, {"by", call.caller.key_id}});
  co_return json_response(200, key_json(revoked.value()));
}

boost::asio::awaitable<AdminResponse> rotate(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (config_key(*call.snapshot, call.route.id) != nullptr) {
    co_return error_response(read_only(call.route.id));
  }
  auto input = read_rotation(call.body);
  if (!input) co_return error_response(input.error());
  std::string secret = generate_secret();
  const config::Sha256 digest = config::sha256(secret);
  const auto grace = std::chrono::milliseconds(input->grace_seconds * 1000);
  const Caller caller = call.caller;
  const std::string id = call.route.id;
  const std::int64_t now_ms = call.now_ms;
  auto rotated_job = [id, caller, digest, grace,
                      now_ms](db::Database& database) -> Result<db::KeyRecord> {
    auto current = db::get_key(database, id);
    if (!current) return current.error();
    if (auto e = require_team_access(caller, current->team_id)) return *e;
    return db::rotate_key(database, id, digest, grace, now_ms);
  };
  auto rotated = co_await call.services.store.run(std::move(rotated_job), kStoreTimeout);
  if (!rotated) co_return error_response(rotated.error());
  co_await changed(call, id);
  call.services.log.info(
      "admin: key rotated",
      {{"key", id}, {"by", call.caller.key_id}, {"grace_seconds", input->grace_seconds}});
  json body = key_json(rotated.value());
  body["secret"] = secret;
  OPENSSL_cleanse(secret.data(), secret.size());
  co_return json_response(200, body);
}

}  // namespace

boost::asio::awaitable<AdminResponse> handle_keys(const AdminCall& call) {
  switch (call.route.operation) {
    case Operation::list_keys: co_return co_await list(call);
    case Operation::create_key: co_return co_await create(call);
    case Operation::get_key: co_return co_await get(call);
    case Operation::update_key: co_return co_await update(call);
    case Operation::revoke_key: co_return co_await revoke(call);
    case Operation::rotate_key: co_return co_await rotate(call);
    default: break;
  }
  co_return error_response(Error::internal("not a key operation"));
}

}  // namespace llmgw::admin
