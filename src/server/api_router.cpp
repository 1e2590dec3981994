#include "server/api_router.hpp"

#include <array>

namespace llmgw::server {
namespace {

struct Entry {
  std::string_view path;
  std::string_view method;
  Route route;
  Endpoint endpoint;  ///< For Route::endpoint.
  bool api_only;
};

constexpr std::array kRoutes{
    Entry{"/v1/chat/completions", "POST", Route::endpoint, Endpoint::chat_completions, true},
    Entry{"/v1/completions", "POST", Route::endpoint, Endpoint::completions, true},
    Entry{"/v1/embeddings", "POST", Route::endpoint, Endpoint::embeddings, true},
    Entry{"/v1/messages", "POST", Route::endpoint, Endpoint::messages, true},
    Entry{"/v1/messages/count_tokens", "POST", Route::endpoint, Endpoint::count_tokens, true},
    Entry{"/v1/models", "GET", Route::endpoint, Endpoint::models_list, true},
    Entry{"/healthz", "GET", Route::healthz, {}, false},
    Entry{"/readyz", "GET", Route::readyz, {}, false},
    Entry{"/metrics", "GET", Route::metrics, {}, false},
};

constexpr std::string_view kModelPrefix = "/v1/models/";
constexpr std::string_view kModelTemplate = "/v1/models/{id}";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Model ids may contain '/' (e.g. "meta-llama/Llama-3") and arrive percent-encoded.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = hex_value(in[i + 1]);
    int lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

}  // namespace

RouteMatch match_route(ListenerRole role, std::string_view method, std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  if (role == ListenerRole::admin && path != "/healthz" && path != "/readyz") {
    RouteMatch admin;
    admin.route = Route::admin;
    admin.template_path = "/admin";
    return admin;
  }
  std::string prefixed;
  if (!path.starts_with("/v1/") && path != "/healthz" && path != "/readyz" && path != "/metrics") {
    prefixed = "/v1";
    prefixed += path;
    path = prefixed;
  }
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);

  RouteMatch match;
  for (const Entry& entry : kRoutes) {
    if (entry.path != path) continue;
    if (entry.api_only && role != ListenerRole::api) break;
    match.template_path = entry.path;
    if (entry.method != method) {
      match.route = Route::method_not_allowed;
      match.allow = entry.method;
      return match;
    }
    match.route = entry.route;
    match.endpoint = entry.endpoint;
    return match;
  }
  if (role == ListenerRole::api && path.starts_with(kModelPrefix) &&
      path.size() > kModelPrefix.size()) {
    match.template_path = kModelTemplate;
    if (method != "GET") {
      match.route = Route::method_not_allowed;
      match.allow = "GET";
      return match;
    }
    if (percent_decode(path.substr(kModelPrefix.size()), match.model_id)) {
      match.route = Route::endpoint;
      match.endpoint = Endpoint::model_get;
      return match;
    }
  }
  match.route = Route::not_found;
  match.template_path = "unmatched";
  return match;
}

}  // namespace llmgw::server
