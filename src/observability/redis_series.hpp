#pragma once
// The llmgw_redis_* series: the Redis connections' and counter stores' own counters, which
// live in every worker and are read at scrape time (Metrics::sync_redis).

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <mutex>

#include "llmgw/observability/metrics.hpp"

namespace llmgw::observability {

class RedisSeries {
 public:
  explicit RedisSeries(prometheus::Registry& registry);

  /// Counters move up to the totals (never down); gauges take them. Thread-safe.
  void sync(const RedisStats& totals) noexcept;

 private:
  prometheus::Gauge& connections_;
  prometheus::Gauge& connections_up_;
  prometheus::Counter& connects_;
  prometheus::Counter& connect_failures_;
  prometheus::Counter& disconnects_;
  prometheus::Counter& stalls_;
  prometheus::Counter& protocol_errors_;
  prometheus::Counter& calls_;
  prometheus::Counter& timeouts_;
  prometheus::Counter& not_connected_;
  prometheus::Counter& overloaded_;
  prometheus::Counter& connection_lost_;
  prometheus::Counter& settles_queued_;
  prometheus::Counter& settles_replayed_;
  prometheus::Counter& settles_dropped_;
  prometheus::Counter& bad_replies_;
  prometheus::Gauge& settle_queue_;
  std::mutex mutex_;  ///< Keeps each read-then-add whole when scrapes race.
};

}  // namespace llmgw::observability
