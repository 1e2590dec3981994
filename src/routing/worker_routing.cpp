#include "routing/worker_routing.hpp"

#include <nlohmann/json.hpp>

namespace llmgw::routing {

DeploymentState& WorkerRouting::state(const config::Deployment& deployment) {
  if (auto it = states_.find(std::string_view(deployment.state_key)); it != states_.end()) {
    return it->second;
  }
  return states_[deployment.state_key];
}

const DeploymentState* WorkerRouting::find(const config::Deployment& deployment) const noexcept {
  auto it = states_.find(std::string_view(deployment.state_key));
  return it == states_.end() ? nullptr : &it->second;
}

void WorkerRouting::breaker_changed(const config::ModelConfig& model,
                                    const config::Deployment& deployment,
                                    BreakerState to) noexcept {
  metrics_.breaker_changed(model.name, deployment.id, static_cast<int>(to));
  try {
    const nlohmann::json fields = {
        {"model", model.name}, {"deployment", deployment.id}, {"state", to_string(to)}};
    if (to == BreakerState::open) {
      log_.warn("circuit breaker opened", fields);
    } else {
      log_.info("circuit breaker changed", fields);
    }
  } catch (...) {
    // Building the fields can only fail to allocate; the metric above already counted it.
  }
}

}  // namespace llmgw::routing
