#include <algorithm>
#include <set>
#include <string>

#include "config/validate.hpp"

namespace llmgw::config {
namespace {

constexpr std::size_t kMaxIdBytes = 128;
constexpr std::uint32_t kMaxWeight = 1'000'000;
constexpr std::uint32_t kMaxPriority = 1'000;
constexpr std::int64_t kMaxTokens = 100'000'000;
constexpr unsigned kMaxRetries = 10;
constexpr Millis kMaxWait{10 * 60 * 1000};
constexpr Millis kMaxRoutingTimeout{24 * 3600 * 1000};

// Ids go into a response header and a metrics label: printable, no spaces.
bool is_deployment_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdBytes &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

void check_between(std::int64_t value, std::int64_t min, std::int64_t max, const std::string& path,
                   Diagnostics& diag) {
  if (value < min || value > max) {
    diag.error(path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
}

void check_wait(Millis value, Millis min, const std::string& path, Diagnostics& diag) {
  if (value < min || value > kMaxWait) {
    diag.error(path, "must be between " + std::to_string(min.count()) + "ms and 10m");
  }
}

void check_deployments(ModelConfig& model, const std::string& path, Diagnostics& diag) {
  std::set<std::string_view> ids;
  for (std::size_t j = 0; j < model.deployments.size(); ++j) {
    Deployment& deployment = model.deployments[j];
    const std::string item = index_path(join_path(path, "deployments"), j);
    if (deployment.id.empty())
      deployment.id = deployment.provider + "/" + deployment.upstream_model;
    if (!is_deployment_id(deployment.id)) {
      diag.error(join_path(item, "id"), "must be 1 to 128 printable characters without spaces");
    } else if (!ids.insert(deployment.id).second) {
      diag.error(join_path(item, "id"), "\"" + deployment.id +
                                            "\" is used by another deployment of this model "
                                            "(ids default to provider/model: set one)");
    }
    deployment.state_key = model.name + "\n" + deployment.id;
    check_between(deployment.weight, 0, kMaxWeight, join_path(item, "weight"), diag);
    check_between(deployment.priority, 0, kMaxPriority, join_path(item, "priority"), diag);
    check_between(deployment.context_window, 0, kMaxTokens, join_path(item, "context_window"),
                  diag);
    check_between(deployment.max_output_tokens, 0, kMaxTokens, join_path(item, "max_output_tokens"),
                  diag);
    if (deployment.context_window > 0 && deployment.max_output_tokens > deployment.context_window) {
      diag.error(join_path(item, "max_output_tokens"), "must not exceed context_window");
    }
    if (deployment.context_window > 0 || deployment.max_output_tokens > 0) model.preflight = true;
  }
  if (model.routing.strategy == RoutingStrategy::weighted &&
      std::none_of(model.deployments.begin(), model.deployments.end(),
                   [](const Deployment& d) { return d.weight > 0; })) {
    diag.error(join_path(path, "deployments"), "the weighted strategy needs a weight above 0");
  }
}

void check_retry(const RetryPolicy& retry, const std::string& path, Diagnostics& diag) {
  check_between(retry.max_retries, 0, kMaxRetries, join_path(path, "max_retries"), diag);
  check_wait(retry.base_backoff, Millis(1), join_path(path, "base_backoff"), diag);
  check_wait(retry.max_backoff, Millis(1), join_path(path, "max_backoff"), diag);
  if (retry.max_backoff < retry.base_backoff) {
    diag.error(join_path(path, "max_backoff"), "must be at least base_backoff");
  }
  check_wait(retry.max_retry_after, Millis(0), join_path(path, "max_retry_after"), diag);
  check_between(retry.budget_percent, 0, 100, join_path(path, "budget_percent"), diag);
  check_between(retry.budget_burst, 0, 1000, join_path(path, "budget_burst"), diag);
}

void check_breaker(const BreakerPolicy& breaker, const std::string& path, Diagnostics& diag) {
  check_between(breaker.consecutive_failures, 1, 1000, join_path(path, "consecutive_failures"),
                diag);
  check_between(breaker.error_rate_percent, 1, 100, join_path(path, "error_rate_percent"), diag);
  check_between(breaker.min_requests, 1, 1'000'000, join_path(path, "min_requests"), diag);
  check_between(breaker.half_open_probes, 1, 1000, join_path(path, "half_open_probes"), diag);
  check_wait(breaker.window, Millis(10), join_path(path, "window"), diag);
  check_wait(breaker.cooldown, Millis(1), join_path(path, "cooldown"), diag);
}

}  // namespace

void validate_routing(ModelConfig& model, const std::string& path, Diagnostics& diag) {
  const std::string routing = join_path(path, "routing");
  if (model.routing.timeout < Millis::zero() || model.routing.timeout > kMaxRoutingTimeout) {
    diag.error(join_path(routing, "timeout"), "must be between 0 (none) and 24h");
  }
  check_retry(model.routing.retry, join_path(routing, "retry"), diag);
  check_breaker(model.routing.breaker, join_path(routing, "breaker"), diag);
  check_deployments(model, path, diag);
  model.stateful_routing = model.routing.strategy != RoutingStrategy::ordered ||
                           model.routing.retry.max_retries > 0 || model.routing.breaker.enabled;
  // Tiers in order; within a tier, the order written (the ordered strategy's order).
  std::stable_sort(
      model.deployments.begin(), model.deployments.end(),
      [](const Deployment& a, const Deployment& b) { return a.priority < b.priority; });
}

}  // namespace llmgw::config
