#pragma once
// The strategies: they reorder a model's candidate deployments (already sorted by priority
// tier and filtered) for one request. The proxy walks the result in order, so the first
// entry is the choice and the rest are the fallbacks.

#include <span>

#include "llmgw/config/config.hpp"
#include "routing/worker_routing.hpp"

namespace llmgw::routing {

/// Orders each priority tier of `route` in place by the model's strategy: ordered keeps
/// the config order; weighted draws the tier's order at random by weight (weight 0 last);
/// least_in_flight puts first the less busy of two random members of the tier (power of
/// two choices) and keeps the rest in config order.
void order_route(const config::ModelConfig& model, std::span<const config::Deployment*> route,
                 WorkerRouting& routing);

}  // namespace llmgw::routing
