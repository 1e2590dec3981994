#pragma once
// One worker's routing state: its random numbers and, per deployment, the in-flight count,
// circuit breaker and retry budget. Keyed by the deployment's state_key (model and stable
// id), so the state of a deployment survives a reload that keeps its id. Only models with
// stateful routing reach it; the single-threaded worker needs no lock.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "llmgw/config/config.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "routing/circuit_breaker.hpp"
#include "routing/retry_budget.hpp"
#include "routing/rng.hpp"

namespace llmgw::routing {

struct DeploymentState {
  std::uint32_t in_flight = 0;  ///< Attempts under way on this worker.
  CircuitBreaker breaker;
  RetryBudget budget;
};

class WorkerRouting {
 public:
  WorkerRouting(std::uint64_t seed, observability::Metrics& metrics, observability::AppLog& log)
      : rng_(seed), metrics_(metrics), log_(log) {}

  Rng& rng() noexcept { return rng_; }

  /// The deployment's state, created on first use. Entries are never removed: at most one
  /// per distinct (model, id) ever configured.
  DeploymentState& state(const config::Deployment& deployment);

  /// The state if it exists (a deployment never tried has a closed breaker, no in-flight).
  const DeploymentState* find(const config::Deployment& deployment) const noexcept;

  /// Logs and counts a breaker change (llmgw_deployment_state, ..._transitions_total).
  void breaker_changed(const config::ModelConfig& model, const config::Deployment& deployment,
                       BreakerState to) noexcept;

 private:
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };

  Rng rng_;
  observability::Metrics& metrics_;
  observability::AppLog& log_;
  std::unordered_map<std::string, DeploymentState, KeyHash, std::equal_to<>> states_;
};

}  // namespace llmgw::routing
