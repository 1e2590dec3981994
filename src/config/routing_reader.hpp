#pragma once
// The `routing:` block of a model and the routing keys of its deployments.

#include <string>

#include "config/diagnostics.hpp"
#include "config/document.hpp"
#include "config/map_reader.hpp"
#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// `routing: {strategy, timeout, retry: {...}, breaker: {...}}`.
void read_routing(const DocNode& node, const std::string& path, Diagnostics& diag,
                  RoutingConfig& out);

/// A deployment's optional id, weight, priority, context_window and max_output_tokens.
void read_deployment_routing(MapReader& map, Deployment& out);

}  // namespace llmgw::config
