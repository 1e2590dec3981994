// The routing parts of to_redacted_yaml: nothing in them is secret, so every effective value
// is printed (defaults included) for an operator to see what a model will do.

#include <string>

#include "config/redacted_sections.hpp"
#include "config/units.hpp"

namespace llmgw::config::redacted {
namespace {

std::string retry_classes(const RetryOn& on) {
  std::string list = "[";
  auto add = [&](bool enabled, std::string_view name) {
    if (!enabled) return;
    if (list.size() > 1) list += ", ";
    list += name;
  };
  add(on.connect, "connect");
  add(on.reset, "reset");
  add(on.timeout, "timeout");
  add(on.rate_limited, "rate_limited");
  add(on.server_error, "server_error");
  return list + "]";
}

}  // namespace

void write_routing(Writer& w, int depth, const RoutingConfig& routing) {
  w.section(depth, "routing");
  w.field(depth + 1, "strategy", to_string(routing.strategy));
  w.field(depth + 1, "timeout", format_duration(routing.timeout));
  const RetryPolicy& retry = routing.retry;
  w.section(depth + 1, "retry");
  w.field(depth + 2, "max_retries", std::to_string(retry.max_retries));
  w.field(depth + 2, "on", retry_classes(retry.on));
  w.field(depth + 2, "base_backoff", format_duration(retry.base_backoff));
  w.field(depth + 2, "max_backoff", format_duration(retry.max_backoff));
  w.field(depth + 2, "max_retry_after", format_duration(retry.max_retry_after));
  w.field(depth + 2, "budget_percent", std::to_string(retry.budget_percent));
  w.field(depth + 2, "budget_burst", std::to_string(retry.budget_burst));
  const BreakerPolicy& breaker = routing.breaker;
  w.section(depth + 1, "breaker");
  w.field(depth + 2, "enabled", boolean(breaker.enabled));
  w.field(depth + 2, "consecutive_failures", std::to_string(breaker.consecutive_failures));
  w.field(depth + 2, "error_rate_percent", std::to_string(breaker.error_rate_percent));
  w.field(depth + 2, "min_requests", std::to_string(breaker.min_requests));
  w.field(depth + 2, "window", format_duration(breaker.window));
  w.field(depth + 2, "cooldown", format_duration(breaker.cooldown));
  w.field(depth + 2, "half_open_probes", std::to_string(breaker.half_open_probes));
}

void write_deployment_routing(Writer& w, int depth, const Deployment& deployment) {
  w.field(depth, "id", quote(deployment.id));
  w.field(depth, "weight", std::to_string(deployment.weight));
  w.field(depth, "priority", std::to_string(deployment.priority));
  w.field(depth, "context_window", std::to_string(deployment.context_window));
  w.field(depth, "max_output_tokens", std::to_string(deployment.max_output_tokens));
}

}  // namespace llmgw::config::redacted
