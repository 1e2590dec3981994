#include "observability/redis_series.hpp"

#include <string>

namespace llmgw::observability {

namespace {

using prometheus::Counter;
using prometheus::Gauge;

template <class T>
prometheus::Family<T>& family(prometheus::Registry& registry, const std::string& name,
                              const std::string& help) {
  return prometheus::detail::Builder<T>().Name(name).Help(help).Register(registry);
}

void raise_to(Counter& counter, std::uint64_t total) {
  const auto target = static_cast<double>(total);
  const double current = counter.Value();
  if (target > current) counter.Increment(target - current);
}

// Registering a name again returns the family already there (Registry's Merge behaviour);
// the help text is the same each time.
constexpr const char* kCallFailures = "Redis commands without an answer, by reason.";
constexpr const char* kSettles =
    "Settles that failed and were queued for replay, replayed later, or dropped, by result.";

}  // namespace

RedisSeries::RedisSeries(prometheus::Registry& registry)
    : connections_(family<Gauge>(registry, "llmgw_redis_connections",
                                 "Redis connections configured: one per worker thread.")
                       .Add({})),
      connections_up_(family<Gauge>(registry, "llmgw_redis_connections_up",
                                    "Redis connections established now (handshake done).")
                          .Add({})),
      connects_(family<Counter>(registry, "llmgw_redis_connects_total",
                                "Successful Redis connects and reconnects.")
                    .Add({})),
      connect_failures_(family<Counter>(registry, "llmgw_redis_connect_failures_total",
                                        "Redis connect attempts that failed (each is retried "
                                        "with backoff).")
                            .Add({})),
      disconnects_(family<Counter>(registry, "llmgw_redis_disconnects_total",
                                   "Established Redis connections that dropped.")
                       .Add({})),
      stalls_(family<Counter>(registry, "llmgw_redis_stalls_total",
                              "Redis connections dropped because a reply was overdue.")
                  .Add({})),
      protocol_errors_(family<Counter>(registry, "llmgw_redis_protocol_errors_total",
                                       "Unparseable or unexpected bytes from Redis.")
                           .Add({})),
      calls_(
          family<Counter>(registry, "llmgw_redis_calls_total", "Commands sent to Redis.").Add({})),
      timeouts_(family<Counter>(registry, "llmgw_redis_call_failures_total", kCallFailures)
                    .Add({{"reason", "timeout"}})),
      not_connected_(family<Counter>(registry, "llmgw_redis_call_failures_total", kCallFailures)
                         .Add({{"reason", "not_connected"}})),
      overloaded_(family<Counter>(registry, "llmgw_redis_call_failures_total", kCallFailures)
                      .Add({{"reason", "overloaded"}})),
      connection_lost_(family<Counter>(registry, "llmgw_redis_call_failures_total", kCallFailures)
                           .Add({{"reason", "connection_lost"}})),
      settles_queued_(family<Counter>(registry, "llmgw_redis_settles_total", kSettles)
                          .Add({{"result", "queued"}})),
      settles_replayed_(family<Counter>(registry, "llmgw_redis_settles_total", kSettles)
                            .Add({{"result", "replayed"}})),
      settles_dropped_(family<Counter>(registry, "llmgw_redis_settles_total", kSettles)
                           .Add({{"result", "dropped"}})),
      bad_replies_(family<Counter>(registry, "llmgw_redis_bad_replies_total",
                                   "Error or malformed replies to the limit scripts.")
                       .Add({})),
      settle_queue_(family<Gauge>(registry, "llmgw_redis_settle_queue",
                                  "Settles waiting for Redis to come back.")
                        .Add({})) {}

void RedisSeries::sync(const RedisStats& totals) noexcept {
  std::lock_guard lock(mutex_);
  connections_.Set(static_cast<double>(totals.connections));
  connections_up_.Set(static_cast<double>(totals.connections_up));
  raise_to(connects_, totals.connects);
  raise_to(connect_failures_, totals.connect_failures);
  raise_to(disconnects_, totals.disconnects);
  raise_to(stalls_, totals.stalls);
  raise_to(protocol_errors_, totals.protocol_errors);
  raise_to(calls_, totals.calls);
  raise_to(timeouts_, totals.timeouts);
  raise_to(not_connected_, totals.not_connected);
  raise_to(overloaded_, totals.overloaded);
  raise_to(connection_lost_, totals.connection_lost);
  raise_to(settles_queued_, totals.settles_queued);
  raise_to(settles_replayed_, totals.settles_replayed);
  raise_to(settles_dropped_, totals.settles_dropped);
  raise_to(bad_replies_, totals.bad_replies);
  settle_queue_.Set(static_cast<double>(totals.settle_queue));
}

}  // namespace llmgw::observability
