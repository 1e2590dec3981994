#pragma once
// Prometheus metrics (prometheus-cpp core + TextSerializer; no prometheus-cpp HTTP server,
// we serve /metrics ourselves). Thread-safe: every worker records into one instance.
// Labels are bounded: endpoint, public model (from config), status code, provider, kind.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/observability/request_record.hpp"

namespace llmgw::observability {

class Metrics {
 public:
  virtual ~Metrics() = default;
  /// A request entered the pipeline (in-flight gauge +1).
  virtual void request_started() noexcept = 0;
  /// The request finished, successfully or not (in-flight −1, counters, histograms).
  virtual void request_finished(const RequestRecord& record) noexcept = 0;
  /// An upstream attempt failed, by kind (connect, timeout, status, protocol).
  virtual void upstream_error(std::string_view provider, ErrorKind kind) noexcept = 0;
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
  /// Prometheus text exposition format 0.0.4.
  virtual std::string serialize() const = 0;
};

/// `version` goes into llmgw_build_info{version}.
std::unique_ptr<Metrics> make_prometheus_metrics(std::string_view version);

}  // namespace llmgw::observability
