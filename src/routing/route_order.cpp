#include "routing/route_order.hpp"

#include <algorithm>

namespace llmgw::routing {
namespace {

using Tier = std::span<const config::Deployment*>;

// Sampling without replacement, proportional to weight; rotate (not swap) keeps the ones
// not yet drawn in config order, so zero weights end up last in the order written.
void order_weighted(Tier tier, Rng& rng) {
  for (std::size_t first = 0; first + 1 < tier.size(); ++first) {
    std::uint64_t total = 0;
    for (std::size_t i = first; i < tier.size(); ++i) total += tier[i]->weight;
    if (total == 0) return;
    std::uint64_t pick = rng.below(total);
    std::size_t chosen = first;
    for (; chosen < tier.size(); ++chosen) {
      if (pick < tier[chosen]->weight) break;
      pick -= tier[chosen]->weight;
    }
    std::rotate(tier.begin() + static_cast<std::ptrdiff_t>(first),
                tier.begin() + static_cast<std::ptrdiff_t>(chosen),
                tier.begin() + static_cast<std::ptrdiff_t>(chosen) + 1);
  }
}

std::uint32_t in_flight(const WorkerRouting& routing, const config::Deployment& deployment) {
  const DeploymentState* state = routing.find(deployment);
  return state == nullptr ? 0 : state->in_flight;
}

void order_least_in_flight(Tier tier, WorkerRouting& routing) {
  if (tier.size() < 2) return;
  const std::size_t a = routing.rng().below(tier.size());
  std::size_t b = routing.rng().below(tier.size() - 1);
  if (b >= a) ++b;  // Two distinct members.
  const std::size_t chosen = in_flight(routing, *tier[b]) < in_flight(routing, *tier[a]) ? b : a;
  std::rotate(tier.begin(), tier.begin() + static_cast<std::ptrdiff_t>(chosen),
              tier.begin() + static_cast<std::ptrdiff_t>(chosen) + 1);
}

}  // namespace

void order_route(const config::ModelConfig& model, std::span<const config::Deployment*> route,
                 WorkerRouting& routing) {
  if (model.routing.strategy == config::RoutingStrategy::ordered) return;
  std::size_t begin = 0;
  while (begin < route.size()) {
    std::size_t end = begin + 1;
    while (end < route.size() && route[end]->priority == route[begin]->priority) ++end;
    const Tier tier = route.subspan(begin, end - begin);
    if (model.routing.strategy == config::RoutingStrategy::weighted) {
      order_weighted(tier, routing.rng());
    } else {
      order_least_in_flight(tier, routing);
    }
    begin = end;
  }
}

}  // namespace llmgw::routing
