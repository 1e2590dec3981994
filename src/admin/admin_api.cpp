#include "admin/admin_api.hpp"

#include <openssl/crypto.h>

#include "admin/admin_call.hpp"
#include "admin/authenticate.hpp"
#include "admin/json_input.hpp"

namespace llmgw::admin {

namespace {

bool has_body(std::string_view method) {
  return method == "POST" || method == "PATCH";
}

// The caller's secret is not needed past authentication; wipe it from the request's copy.
void wipe_credentials(Headers& headers) {
  for (auto& [name, value] : headers) {
    if (iequals(name, "authorization") || iequals(name, "x-api-key")) {
      OPENSSL_cleanse(value.data(), value.size());
      value.clear();
    }
  }
}

std::string short_target(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  return std::string(path.substr(0, 200));
}

boost::asio::awaitable<AdminResponse> dispatch(const AdminCall& call) {
  switch (call.route.operation) {
    case Operation::list_keys:
    case Operation::create_key:
    case Operation::get_key:
    case Operation::update_key:
    case Operation::revoke_key:
    case Operation::rotate_key: co_return co_await handle_keys(call);
    case Operation::list_teams:
    case Operation::create_team:
    case Operation::get_team:
    case Operation::update_team:
    case Operation::delete_team: co_return co_await handle_teams(call);
    case Operation::list_access_requests:
    case Operation::create_access_request:
    case Operation::get_access_request:
    case Operation::approve_access_request:
    case Operation::reject_access_request: co_return co_await handle_access_requests(call);
    case Operation::usage: co_return co_await handle_usage(call);
    case Operation::not_found:
    case Operation::method_not_allowed: break;
  }
  co_return error_response(Error::internal("unrouted admin operation"));
}

}  // namespace

boost::asio::awaitable<AdminResponse> AdminApi::handle(server::AdminRequest& request) const {
  auto snapshot = services_.config.current();
  const config::AdminConfig& settings = snapshot->config().admin;
  const AdminRoute route = match_admin_route(request.method, request.target);
  if (route.operation == Operation::not_found) {
    co_return error_response(Error::not_found("Unknown admin URL: " + short_target(request.target) +
                                                  ". The admin API is under /admin/v1/.",
                                              "unknown_url"));
  }
  if (route.operation == Operation::method_not_allowed) {
    AdminResponse refused = error_response(
        Error::method_not_allowed("Method " + request.method.substr(0, 16) + " is not allowed on " +
                                  short_target(request.target) + ". Use " + route.allow + "."));
    refused.headers.emplace_back("Allow", route.allow);
    co_return refused;
  }
  if (request.body.size() > settings.max_body_bytes) {
    co_return error_response(
        Error::payload_too_large("The request body is over the admin API's limit of " +
                                 std::to_string(settings.max_body_bytes) + " bytes."));
  }
  if (route.bad_query) {
    co_return error_response(
        Error::invalid_request("The query string has a malformed %-escape.", {}, "invalid_query"));
  }
  const std::int64_t now_ms = services_.clock.now_ms();
  const auto index = services_.keys.current();
  Result<Caller> caller = authenticate(request.headers, *snapshot, *index, now_ms);
  wipe_credentials(request.headers);
  if (!caller) co_return error_response(caller.error());

  nlohmann::json body = nlohmann::json::object();
  if (has_body(request.method)) {
    Result<nlohmann::json> parsed = parse_object_body(request.body);
    if (!parsed) co_return error_response(parsed.error());
    body = std::move(parsed.value());
  }
  const AdminCall call{services_, caller.value(), route, request, body, snapshot, now_ms};
  try {
    AdminResponse response = co_await dispatch(call);
    co_return response;
  } catch (const std::exception& e) {
    services_.log.error("admin request failed",
                        {{"path", short_target(request.target)}, {"error", e.what()}});
  }
  co_return error_response(Error::internal("The admin request failed; see the gateway's log."));
}

}  // namespace llmgw::admin
