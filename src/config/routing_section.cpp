#include "config/routing_reader.hpp"

#include <array>
#include <utility>

namespace llmgw::config {
namespace {

void read_retry_on(MapReader& map, Diagnostics& diag, RetryOn& out) {
  std::vector<std::string> names;
  if (!map.read_string_list("on", names)) return;
  static constexpr std::array<std::pair<std::string_view, bool RetryOn::*>, 5> kClasses{{
      {"connect", &RetryOn::connect},
      {"reset", &RetryOn::reset},
      {"timeout", &RetryOn::timeout},
      {"rate_limited", &RetryOn::rate_limited},
      {"server_error", &RetryOn::server_error},
  }};
  RetryOn chosen{false, false, false, false, false};
  for (std::size_t i = 0; i < names.size(); ++i) {
    bool known = false;
    for (const auto& [name, member] : kClasses) {
      if (names[i] == name) {
        chosen.*member = true;
        known = true;
      }
    }
    if (!known) {
      diag.error(index_path(map.child("on"), i),
                 "must be one of: connect, reset, timeout, rate_limited, server_error");
    }
  }
  out = chosen;
}

void read_retry(const DocNode& node, const std::string& path, Diagnostics& diag, RetryPolicy& out) {
  MapReader map(node, path, diag);
  map.read_integer("max_retries", out.max_retries);
  read_retry_on(map, diag, out.on);
  map.read_duration("base_backoff", out.base_backoff);
  map.read_duration("max_backoff", out.max_backoff);
  map.read_duration("max_retry_after", out.max_retry_after);
  map.read_integer("budget_percent", out.budget_percent);
  map.read_integer("budget_burst", out.budget_burst);
  map.finish();
}

void read_breaker(const DocNode& node, const std::string& path, Diagnostics& diag,
                  BreakerPolicy& out) {
  MapReader map(node, path, diag);
  // Writing the block turns the breaker on unless it says otherwise.
  out.enabled = true;
  map.read_bool("enabled", out.enabled);
  map.read_integer("consecutive_failures", out.consecutive_failures);
  map.read_integer("error_rate_percent", out.error_rate_percent);
  map.read_integer("min_requests", out.min_requests);
  map.read_duration("window", out.window);
  map.read_duration("cooldown", out.cooldown);
  map.read_integer("half_open_probes", out.half_open_probes);
  map.finish();
}

}  // namespace

void read_routing(const DocNode& node, const std::string& path, Diagnostics& diag,
                  RoutingConfig& out) {
  MapReader map(node, path, diag);
  map.read_enum("strategy", out.strategy,
                {{"ordered", RoutingStrategy::ordered},
                 {"weighted", RoutingStrategy::weighted},
                 {"least_in_flight", RoutingStrategy::least_in_flight}});
  map.read_duration("timeout", out.timeout);
  if (const auto* retry = map.mapping("retry"))
    read_retry(*retry, map.child("retry"), diag, out.retry);
  if (const auto* breaker = map.mapping("breaker")) {
    read_breaker(*breaker, map.child("breaker"), diag, out.breaker);
  }
  map.finish();
}

void read_deployment_routing(MapReader& map, Deployment& out) {
  map.read_string("id", out.id);
  map.read_integer("weight", out.weight);
  map.read_integer("priority", out.priority);
  map.read_integer("context_window", out.context_window);
  map.read_integer("max_output_tokens", out.max_output_tokens);
}

std::string_view to_string(RoutingStrategy strategy) noexcept {
  switch (strategy) {
    case RoutingStrategy::ordered: return "ordered";
    case RoutingStrategy::weighted: return "weighted";
    case RoutingStrategy::least_in_flight: return "least_in_flight";
  }
  return "ordered";
}

}  // namespace llmgw::config
