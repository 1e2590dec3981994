#pragma once
// What every admin handler gets, and the helpers they share: replies, store calls with a
// deadline, and "changed: reload here, tell the others".

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "admin/admin_api.hpp"
#include "admin/admin_routes.hpp"
#include "admin/rules.hpp"
#include "llmgw/config/snapshot.hpp"

namespace llmgw::admin {

using server::AdminResponse;

struct AdminCall {
  const AdminServices& services;
  const Caller& caller;
  const AdminRoute& route;
  const server::AdminRequest& request;
  const nlohmann::json& body;  ///< The parsed body; an empty object without one.
  std::shared_ptr<const config::Snapshot> snapshot;
  std::int64_t now_ms = 0;
};

/// Every store call of the admin API waits at most this long (the store's busy timeout).
inline constexpr std::chrono::milliseconds kStoreTimeout{5000};

AdminResponse json_response(int status, const nlohmann::json& body);
AdminResponse error_response(const Error& error);

/// 400 for a query parameter the operation does not know (listed in `known`).
std::optional<Error> check_query(const AdminRoute& route,
                                 std::initializer_list<std::string_view> known);
/// The largest page the admin API returns: one more row than asked is read to learn whether
/// there are more, and the store returns at most kMaxPageSize rows per call.
inline constexpr std::size_t kMaxAdminPage = 500;

/// The `limit` (1..kMaxAdminPage, default 100) and `after` query parameters.
Result<store::sqlite::Page> read_page(const AdminRoute& route);

/// `page` with one more row, to tell whether another page follows.
store::sqlite::Page probe_page(const store::sqlite::Page& page);

/// After a write: reloads this instance's key index (so the change holds here at once)
/// and announces it to the others. `what` is an id for their log.
boost::asio::awaitable<void> changed(const AdminCall& call, const std::string& what);

/// A new secret: "sk-llmgw-" and 43 URL-safe characters (256 random bits).
std::string generate_secret();
/// A new id: `prefix` and 16 hex digits.
std::string generate_id(std::string_view prefix);

boost::asio::awaitable<AdminResponse> handle_keys(const AdminCall& call);
boost::asio::awaitable<AdminResponse> handle_teams(const AdminCall& call);
boost::asio::awaitable<AdminResponse> handle_access_requests(const AdminCall& call);
boost::asio::awaitable<AdminResponse> handle_usage(const AdminCall& call);

}  // namespace llmgw::admin
