// GET /admin/v1/usage: requests, tokens and cost per hour or day and per key, team or model,
// as JSON or CSV (Accept: text/csv, or format=csv). A team admin sees only its team's spend.

#include "admin/admin_call.hpp"
#include "admin/resource_json.hpp"

namespace llmgw::admin {

namespace {

namespace db = store::sqlite;

std::string_view param(const AdminRoute& route, std::string_view name) {
  auto it = route.query.find(name);
  return it == route.query.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

boost::asio::awaitable<AdminResponse> handle_usage(const AdminCall& call) {
  if (auto e =
          check_query(call.route, {"group_by", "from", "to", "granularity", "format", "team"})) {
    co_return error_response(*e);
  }
  const std::string_view format = param(call.route, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    co_return error_response(
        Error::invalid_request("'format' must be json or csv.", "format", "invalid_value"));
  }
  const bool csv =
      format == "csv" ||
      (format.empty() &&
       find_header(call.request.headers, "accept").find("text/csv") != std::string_view::npos);
  const db::UsageParams params{param(call.route, "group_by"), param(call.route, "from"),
                               param(call.route, "to"), param(call.route, "granularity")};
  auto query = db::make_usage_query(params);
  if (!query) co_return error_response(query.error());
  db::UsageQuery wanted = query.value();
  if (auto it = call.route.query.find("team"); it != call.route.query.end()) {
    wanted.team_id = it->second;
  }
  if (!call.caller.platform()) {
    if (auto e = require_team_access(call.caller, wanted.team_id.value_or(call.caller.team))) {
      co_return error_response(*e);
    }
    wanted.team_id = call.caller.team;
  }
  auto rows_job = [wanted](db::Database& database) { return db::query_usage(database, wanted); };
  auto rows = co_await call.services.store.run(std::move(rows_job), kStoreTimeout);
  if (!rows) co_return error_response(rows.error());
  if (!csv) co_return json_response(200, usage_json(wanted, rows.value()));
  AdminResponse response;
  response.status = 200;
  response.content_type = "text/csv; charset=utf-8";
  response.body = db::render_usage_csv(rows.value(), wanted.group_by);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"usage.csv\"");
  co_return response;
}

}  // namespace llmgw::admin
