#pragma once
// Prometheus metrics (prometheus-cpp core + TextSerializer; no prometheus-cpp HTTP server,
// we serve /metrics ourselves). Thread-safe: every worker records into one instance.
// Labels are bounded: endpoint, public model (from config), status code, provider, kind.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/observability/request_record.hpp"

namespace llmgw::observability {

/// The shared state's connections and stores (Redis backend), summed over workers.
/// Counters are totals since start; exported as llmgw_redis_*.
struct RedisStats {
  std::uint64_t connections = 0;     ///< Configured: one per worker (gauge).
  std::uint64_t connections_up = 0;  ///< Connected, handshake done (gauge).
  std::uint64_t connects = 0;
  std::uint64_t connect_failures = 0;
  std::uint64_t disconnects = 0;
  std::uint64_t stalls = 0;  ///< Connections dropped for an overdue reply.
  std::uint64_t protocol_errors = 0;
  std::uint64_t calls = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t not_connected = 0;  ///< Calls refused at once while down.
  std::uint64_t overloaded = 0;     ///< Calls refused: too many in flight.
  std::uint64_t connection_lost = 0;
  std::uint64_t settles_queued = 0;  ///< Failed settles kept for replay.
  std::uint64_t settles_replayed = 0;
  std::uint64_t settles_dropped = 0;  ///< Lost: replay queue full or refused for good.
  std::uint64_t bad_replies = 0;      ///< Error or malformed replies from the scripts.
  std::uint64_t settle_queue = 0;     ///< Settles waiting for replay now (gauge).
};

class Metrics {
 public:
  virtual ~Metrics() = default;
  /// A request entered the pipeline (in-flight gauge +1).
  virtual void request_started() noexcept = 0;
  /// The request finished, successfully or not (in-flight −1, counters, histograms).
  virtual void request_finished(const RequestRecord& record) noexcept = 0;
  /// An upstream attempt failed, by kind (connect, timeout, status, protocol).
  virtual void upstream_error(std::string_view provider, ErrorKind kind) noexcept = 0;
  /// An attempt failed and the same deployment is tried again; `reason` is the failure's
  /// class (connect, reset, timeout, rate_limited, server_error).
  virtual void retry(std::string_view model, std::string_view deployment,
                     std::string_view reason) noexcept = 0;
  /// A request was answered (or last tried) by another deployment than its plan's first.
  virtual void fallback(std::string_view model) noexcept = 0;
  /// A deployment's breaker changed state on some worker: `state` 0 closed, 1 half-open,
  /// 2 open (llmgw_deployment_state) and one more llmgw_breaker_transitions_total{to}.
  virtual void breaker_changed(std::string_view model, std::string_view deployment,
                               int state) noexcept = 0;
  /// The gateway's own limits refused a request: scope kind (global, team, key, model,
  /// key_model) and reason (rpm, tpm, parallel, budget).
  virtual void limit_denied(std::string_view scope, std::string_view reason) noexcept = 0;
  /// A budget's spend crossed 50, 80 or 100 % of its amount (once per period).
  virtual void budget_threshold(std::string_view scope, int percent) noexcept = 0;
  /// The shared state (Redis) did not answer in time: `decision` is fail_open, fail_closed
  /// or settle_deferred.
  virtual void state_unavailable(std::string_view decision) noexcept = 0;
  /// Open client connections gauge.
  virtual void connection_opened() noexcept = 0;
  virtual void connection_closed() noexcept = 0;
  /// Brings llmgw_access_log_dropped_total up to `total`, the access log's own running count
  /// of lines it dropped (called before each scrape). Never lowers it.
  virtual void sync_access_log_dropped(std::uint64_t total) noexcept = 0;
  /// Brings the llmgw_redis_* series to `totals` (counters never go down).
  virtual void sync_redis(const RedisStats& totals) noexcept = 0;
  /// Runs `hook` before every serialize(), so sources that keep their own counters (the
  /// Redis connections of every worker) are read only when scraped. Register at start-up,
  /// before serialize() may run; the hook must be thread-safe.
  virtual void add_scrape_hook(std::function<void()> hook) = 0;
  /// Prometheus text exposition format 0.0.4.
  virtual std::string serialize() const = 0;
};

/// `version` goes into llmgw_build_info{version}.
std::unique_ptr<Metrics> make_prometheus_metrics(std::string_view version);

}  // namespace llmgw::observability
