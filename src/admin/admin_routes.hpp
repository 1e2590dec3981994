#pragma once
// Method + target → which admin operation, with its path id and query parameters. Pure.

#include <map>
#include <string>
#include <string_view>

namespace llmgw::admin {

enum class Operation {
  list_keys,
  create_key,
  get_key,
  update_key,
  revoke_key,
  rotate_key,
  list_teams,
  create_team,
  get_team,
  update_team,
  delete_team,
  list_access_requests,
  create_access_request,
  get_access_request,
  approve_access_request,
  reject_access_request,
  usage,
  not_found,           ///< No such path.
  method_not_allowed,  ///< The path exists; `allow` lists its methods.
};

struct AdminRoute {
  Operation operation = Operation::not_found;
  std::string id;     ///< The decoded {id} of the path.
  std::string allow;  ///< For method_not_allowed.
  std::map<std::string, std::string, std::less<>> query;
  bool bad_query = false;  ///< A malformed percent escape in the query.
};

AdminRoute match_admin_route(std::string_view method, std::string_view target);

/// `%XX` and `+` decoded; false on a malformed escape.
bool url_decode(std::string_view in, std::string& out, bool plus_is_space);

}  // namespace llmgw::admin
