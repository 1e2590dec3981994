#include "admin/admin_routes.hpp"

#include <array>
#include <vector>

namespace llmgw::admin {

namespace {

constexpr std::string_view kPrefix = "/admin/v1/";

struct Pattern {
  std::string_view path;  ///< After the prefix; "{id}" matches one segment.
  std::string_view method;
  Operation operation;
};

constexpr std::array kPatterns{
    Pattern{"keys", "GET", Operation::list_keys},
    Pattern{"keys", "POST", Operation::create_key},
    Pattern{"keys/{id}", "GET", Operation::get_key},
    Pattern{"keys/{id}", "PATCH", Operation::update_key},
    Pattern{"keys/{id}", "DELETE", Operation::revoke_key},
    Pattern{"keys/{id}/rotate", "POST", Operation::rotate_key},
    Pattern{"teams", "GET", Operation::list_teams},
    Pattern{"teams", "POST", Operation::create_team},
    Pattern{"teams/{id}", "GET", Operation::get_team},
    Pattern{"teams/{id}", "PATCH", Operation::update_team},
    Pattern{"teams/{id}", "DELETE", Operation::delete_team},
    Pattern{"access-requests", "GET", Operation::list_access_requests},
    Pattern{"access-requests", "POST", Operation::create_access_request},
    Pattern{"access-requests/{id}", "GET", Operation::get_access_request},
    Pattern{"access-requests/{id}/approve", "POST", Operation::approve_access_request},
    Pattern{"access-requests/{id}/reject", "POST", Operation::reject_access_request},
    Pattern{"usage", "GET", Operation::usage},
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// True when `path` fits `pattern`; `id` gets the raw {id} segment.
bool fits(std::string_view pattern, const std::vector<std::string_view>& path,
          std::string_view& id) {
  const auto parts = split(pattern);
  if (parts.size() != path.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "{id}") {
      if (path[i].empty()) return false;
      id = path[i];
    } else if (parts[i] != path[i]) {
      return false;
    }
  }
  return true;
}

bool parse_query(std::string_view query, AdminRoute& route) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string name;
    std::string value;
    if (!url_decode(pair.substr(0, eq), name, true)) return false;
    if (eq != std::string_view::npos && !url_decode(pair.substr(eq + 1), value, true)) return false;
    route.query.emplace(std::move(name), std::move(value));
  }
  return true;
}

}  // namespace

bool url_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (in[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(in[i]);
    }
  }
  return true;
}

AdminRoute match_admin_route(std::string_view method, std::string_view target) {
  AdminRoute route;
  const auto question = target.find('?');
  std::string_view path = target.substr(0, question);
  if (question != std::string_view::npos) {
    route.bad_query = !parse_query(target.substr(question + 1), route);
  }
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (!path.starts_with(kPrefix)) return route;
  const auto segments = split(path.substr(kPrefix.size()));
  bool path_known = false;
  for (const Pattern& pattern : kPatterns) {
    std::string_view id;
    if (!fits(pattern.path, segments, id)) continue;
    if (pattern.method != method) {
      path_known = true;
      if (!route.allow.empty()) route.allow += ", ";
      route.allow += pattern.method;
      continue;
    }
    if (!url_decode(id, route.id, false)) return route;
    route.operation = pattern.operation;
    route.allow.clear();
    return route;
  }
  if (path_known) route.operation = Operation::method_not_allowed;
  return route;
}

}  // namespace llmgw::admin
