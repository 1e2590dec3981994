#pragma once
// Maps method + path to an endpoint. Pure, so the table is unit-tested directly.

#include <string>
#include <string_view>

#include "llmgw/core/endpoint.hpp"
#include "server/worker_context.hpp"

namespace llmgw::server {

/// What a request is for: a pipeline endpoint, or one the server answers itself.
enum class Route {
  endpoint,  ///< RouteMatch::endpoint, served by the pipeline.
  healthz,
  readyz,
  metrics,
  admin,  ///< Anything on the admin listener but its health checks: the AdminHandler's.
  not_found,
  method_not_allowed,
};

struct RouteMatch {
  Route route = Route::not_found;
  Endpoint endpoint = Endpoint::chat_completions;  ///< For Route::endpoint.
  std::string_view template_path;  ///< Bounded label for metrics/logs, e.g. "/v1/models/{id}".
  std::string_view allow;          ///< For 405: the allowed method.
  std::string model_id;            ///< For Endpoint::model_get: the decoded {id}.
};

/// `target` is the request target (path plus optional query, which is ignored).
/// Paths are accepted with or without the /v1 prefix, as some clients omit it.
RouteMatch match_route(ListenerRole role, std::string_view method, std::string_view target);

}  // namespace llmgw::server
