// /admin/v1/access-requests: a team admin asks for a model that needs approval; a platform
// admin approves or rejects. Decisions reach the request path through the key index.

#include "admin/admin_call.hpp"
#include "admin/resource_input.hpp"
#include "admin/resource_json.hpp"

namespace llmgw::admin {

namespace {

namespace db = store::sqlite;
using nlohmann::json;

bool team_exists(db::Database& database, const config::Snapshot& snapshot, const std::string& id) {
  return snapshot.find_team(id) != nullptr || db::get_team(database, id).ok();
}

boost::asio::awaitable<AdminResponse> list(const AdminCall& call) {
  if (auto e = check_query(call.route, {"team", "status", "after", "limit"})) {
    co_return error_response(*e);
  }
  auto page = read_page(call.route);
  if (!page) co_return error_response(page.error());
  db::AccessRequestListOptions options;
  options.page = page.value();
  if (auto it = call.route.query.find("team"); it != call.route.query.end()) {
    options.team_id = it->second;
  }
  if (auto it = call.route.query.find("status"); it != call.route.query.end()) {
    options.status = db::parse_access_status(it->second);
    if (!options.status) {
      co_return error_response(Error::invalid_request(
          "'status' must be pending, approved or rejected.", "status", "invalid_value"));
    }
  }
  if (!call.caller.platform()) {
    if (auto e = require_team_access(call.caller, options.team_id.value_or(call.caller.team))) {
      co_return error_response(*e);
    }
    options.team_id = call.caller.team;
  }
  // One more than the page, to say whether there is more.
  db::AccessRequestListOptions probe = options;
  probe.page = probe_page(options.page);
  auto stored_job = [probe](db::Database& database) {
    return db::list_access_requests(database, probe);
  };
  auto stored = co_await call.services.store.run(std::move(stored_job), kStoreTimeout);
  if (!stored) co_return error_response(stored.error());
  const std::size_t limit = probe.page.limit - 1;
  json data = json::array();
  for (std::size_t i = 0; i < stored->size() && i < limit; ++i) {
    data.push_back(access_request_json(stored.value()[i]));
  }
  co_return json_response(200, list_json(std::move(data), stored->size() > limit));
}

boost::asio::awaitable<AdminResponse> get(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  const std::string id = call.route.id;
  auto stored_job = [id](db::Database& database) { return db::get_access_request(database, id); };
  auto stored = co_await call.services.store.run(std::move(stored_job), kStoreTimeout);
  if (!stored) co_return error_response(stored.error());
  if (auto e = require_team_access(call.caller, stored->team_id)) co_return error_response(*e);
  co_return json_response(200, access_request_json(stored.value()));
}

boost::asio::awaitable<AdminResponse> create(const AdminCall& call) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  auto input = read_access_request(call.body);
  if (!input) co_return error_response(input.error());
  if (input->team.empty()) {
    if (call.caller.platform()) {
      co_return error_response(Error::invalid_request(
          "'team' is required when the platform admin asks on a team's behalf.", "team",
          "invalid_value"));
    }
    input->team = call.caller.team;
  }
  if (auto e = require_team_access(call.caller, input->team)) co_return error_response(*e);
  const config::ModelConfig* model = call.snapshot->find_model(input->model);
  if (model == nullptr) {
    co_return error_response(Error::invalid_request(
        "'model' names the unknown model '" + input->model + "'.", "model", "unknown_model"));
  }
  if (!model->approval_required) {
    co_return error_response(db::conflict_error("The model '" + model->name +
                                                    "' is open to every team; no access request "
                                                    "is needed.",
                                                "approval_not_required"));
  }
  db::AccessRequest request;
  request.id = generate_id("ar-");
  request.team_id = input->team;
  request.model = model->name;
  request.requested_by = call.caller.key_id;
  request.reason = input->reason;
  request.created_at_ms = call.now_ms;
  auto snapshot = call.snapshot;
  auto created_job = [request, snapshot](db::Database& database) -> Result<db::AccessRequest> {
    if (!team_exists(database, *snapshot, request.team_id)) {
      return Error::invalid_request("'team' names the unknown team '" + request.team_id + "'.",
                                    "team", "unknown_team");
    }
    auto latest = db::latest_access_request(database, request.team_id, request.model);
    if (!latest) return latest.error();
    if (latest.value() && latest.value()->status == db::AccessStatus::approved) {
      return db::conflict_error("Team '" + request.team_id + "' already has access to '" +
                                    request.model + "' (request '" + latest.value()->id + "').",
                                "already_approved");
    }
    if (latest.value() && latest.value()->status == db::AccessStatus::pending) {
      return db::conflict_error("Team '" + request.team_id + "' already has a pending request '" +
                                    latest.value()->id + "' for '" + request.model + "'.",
                                "already_pending");
    }
    return db::create_access_request(database, request);
  };
  auto created = co_await call.services.store.run(std::move(created_job), kStoreTimeout);
  if (!created) co_return error_response(created.error());
  co_await changed(call, request.id);
  call.services.log.info("admin: access requested", {{"request", request.id},
                                                     {"team", request.team_id},
                                                     {"model", request.model},
                                                     {"by", call.caller.key_id}});
  co_return json_response(201, access_request_json(created.value()));
}

boost::asio::awaitable<AdminResponse> decide(const AdminCall& call, bool approve) {
  if (auto e = check_query(call.route, {})) co_return error_response(*e);
  if (auto e = require_platform(call.caller, "decide access requests")) {
    co_return error_response(*e);
  }
  auto reason = read_decision_reason(call.body);
  if (!reason) co_return error_response(reason.error());
  const db::AccessDecision decision{approve, call.caller.key_id, reason.value()};
  const std::string id = call.route.id;
  const std::int64_t now_ms = call.now_ms;
  auto decided_job = [id, decision, now_ms](db::Database& database) {
    return db::decide_access_request(database, id, decision, now_ms);
  };
  auto decided = co_await call.services.store.run(std::move(decided_job), kStoreTimeout);
  if (!decided) co_return error_response(decided.error());
  co_await changed(call, id);
  call.services.log.info(approve ? "admin: access approved" : "admin: access rejected",
                         {{"request", id}, {"by", call.caller.key_id}});
  co_return json_response(200, access_request_json(decided.value()));
}

}  // namespace

boost::asio::awaitable<AdminResponse> handle_access_requests(const AdminCall& call) {
  switch (call.route.operation) {
    case Operation::list_access_requests: co_return co_await list(call);
    case Operation::create_access_request: co_return co_await create(call);
    case Operation::get_access_request: co_return co_await get(call);
    case Operation::approve_access_request: co_return co_await decide(call, true);
    case Operation::reject_access_request: co_return co_await decide(call, false);
    default: break;
  }
  co_return error_response(Error::internal("not an access-request operation"));
}

}  // namespace llmgw::admin
