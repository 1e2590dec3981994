// Metrics on prometheus-cpp core. Every worker records into one instance; the families are
// thread-safe and label resolution goes through SeriesCache (see series_cache.hpp for why).

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "llmgw/governance/money.hpp"
#include "llmgw/observability/metrics.hpp"
#include "observability/redis_series.hpp"
#include "observability/series_cache.hpp"

namespace llmgw::observability {
namespace {

using prometheus::Counter;
using prometheus::Gauge;
using prometheus::Histogram;

// Distinct label tuples per cache. Real traffic needs routes × models × statuses (a few
// thousand at most); the limit only bites when a caller puts an unbounded value in a label.
constexpr std::size_t kMaxSeriesPerCache = 10000;

// LLM calls range from a cached reply in milliseconds to a long generation in minutes.
const Histogram::BucketBoundaries kCallBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                  2.5,   5,    10,    20,   30,  60,   120, 300};
const Histogram::BucketBoundaries kFirstTokenBuckets = {0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1,
                                                        1.5,   2,    3,   5,    10,  20,   60};
// The gateway's own cost per request is tens of microseconds when all is well.
const Histogram::BucketBoundaries kOverheadBuckets = {25e-6,  50e-6, 100e-6, 250e-6, 500e-6, 1e-3,
                                                      2.5e-3, 5e-3,  10e-3,  25e-3,  100e-3};

struct RequestSeries {
  Counter* requests;
  Histogram* duration;
};

struct TokenSeries {
  Counter* prompt;
  Counter* completion;
  Counter* cached;
  Counter* reasoning;
};

/// Negative or non-finite values would corrupt a counter or histogram sum; they can only come
/// from a caller bug (e.g. a clock read out of order), so they are clamped rather than kept.
double non_negative(double seconds) noexcept {
  return std::isfinite(seconds) && seconds > 0 ? seconds : 0;
}

class PrometheusMetrics final : public Metrics {
 public:
  explicit PrometheusMetrics(std::string_view version)
      : requests_(family<Counter>("llmgw_requests_total",
                                  "Requests finished, by route, public model and HTTP status.")),
        request_duration_(family<Histogram>(
            "llmgw_request_duration_seconds",
            "Time from the request fully read to the response finished, in seconds.")),
        upstream_duration_(family<Histogram>("llmgw_upstream_duration_seconds",
                                             "Time spent waiting on the provider, in seconds.")),
        time_to_first_token_(family<Histogram>(
            "llmgw_time_to_first_token_seconds",
            "Streams: time from the request fully read to the first content token, in seconds.")),
        tokens_(family<Counter>("llmgw_tokens_total",
                                "Tokens reported by providers, by public model and type "
                                "(cached is part of prompt, reasoning part of completion).")),
        upstream_errors_(family<Counter>("llmgw_upstream_errors_total",
                                         "Failed upstream attempts, by provider and error kind.")),
        gateway_overhead_(
            family<Histogram>("llmgw_gateway_overhead_seconds",
                              "Request latency minus the upstream wait: the gateway's own cost.")
                .Add({}, kOverheadBuckets)),
        in_flight_(family<Gauge>("llmgw_requests_in_flight", "Requests being processed.").Add({})),
        client_connections_(
            family<Gauge>("llmgw_client_connections", "Open client connections.").Add({})),
        client_disconnects_(
            family<Counter>("llmgw_client_disconnects_total",
                            "Requests whose client went away before the response finished.")
                .Add({})),
        limit_denials_(family<Counter>(
            "llmgw_rate_limited_total",
            "Requests the gateway's own limits refused, by scope kind and reason.")),
        budget_thresholds_(family<Counter>(
            "llmgw_budget_threshold_crossings_total",
            "Budgets whose spend crossed 50, 80 or 100 % of their amount, by scope kind.")),
        state_unavailable_(family<Counter>(
            "llmgw_state_unavailable_total",
            "Limit checks and settlements the shared state did not answer in time, by what "
            "the gateway did (fail_open, fail_closed, settle_deferred).")),
        cost_(family<Counter>("llmgw_cost_usd_total",
                              "What requests cost at the configured prices, by public model.")),
        unpriced_(family<Counter>(
            "llmgw_unpriced_requests_total",
            "Requests whose cost is unknown (unpriced deployment, usage never reported).")),
        retries_(family<Counter>("llmgw_retries_total",
                                 "Attempts repeated on the same deployment, by public model, "
                                 "deployment id and the failure's class.")),
        fallbacks_(family<Counter>(
            "llmgw_fallbacks_total",
            "Requests answered (or last tried) by another deployment than their plan's first.")),
        deployment_state_(family<Gauge>("llmgw_deployment_state",
                                        "Circuit breaker of a deployment as last changed on any "
                                        "worker: 0 closed, 1 half-open, 2 open.")),
        breaker_transitions_(family<Counter>(
            "llmgw_breaker_transitions_total",
            "Circuit breaker changes, by public model, deployment id and the state entered.")),
        access_log_dropped_(
            family<Counter>("llmgw_access_log_dropped_total",
                            "Access-log lines dropped because the writer fell behind "
                            "(logging.queue_size lines were already waiting).")
                .Add({})) {
    family<Gauge>("llmgw_build_info", "Build information; the value is always 1.")
        .Add({{"version", std::string(version)}})
        .Set(1);
  }

  void request_started() noexcept override { in_flight_.Increment(); }

  void request_finished(const RequestRecord& record) noexcept override {
    in_flight_.Decrement();
    try {
      record_request(record);
    } catch (...) {
      // Only allocation can fail here; losing one sample beats failing the request.
    }
  }

  void upstream_error(std::string_view provider, ErrorKind kind) noexcept override {
    try {
      upstream_error_cache_
          .get(std::array{provider, to_string(kind)},
               [this](const auto& v) {
                 return &upstream_errors_.Add(
                     {{"provider", std::string(v[0])}, {"kind", std::string(v[1])}});
               })
          ->Increment();
    } catch (...) {
      // As in request_finished: a lost sample, never a failed request.
    }
  }

  void sync_access_log_dropped(std::uint64_t total) noexcept override {
    // Scrapes on different workers may race; the lock keeps the read-then-add whole.
    std::lock_guard lock(access_log_dropped_mutex_);
    const auto target = static_cast<double>(total);
    const double current = access_log_dropped_.Value();
    if (target > current) access_log_dropped_.Increment(target - current);
  }

  void limit_denied(std::string_view scope, std::string_view reason) noexcept override {
    increment(limit_denial_cache_, limit_denials_, {"scope", "reason"}, std::array{scope, reason});
  }

  void retry(std::string_view model, std::string_view deployment,
             std::string_view reason) noexcept override {
    increment(retry_cache_, retries_, {"model", "deployment", "reason"},
              std::array{model, deployment, reason});
  }

  void fallback(std::string_view model) noexcept override {
    increment(fallback_cache_, fallbacks_, {"model"}, std::array{model});
  }

  void breaker_changed(std::string_view model, std::string_view deployment,
                       int state) noexcept override {
    static constexpr std::array<std::string_view, 3> kStateNames{"closed", "half_open", "open"};
    const std::string_view to = kStateNames[static_cast<std::size_t>(std::clamp(state, 0, 2))];
    increment(breaker_transition_cache_, breaker_transitions_, {"model", "deployment", "to"},
              std::array{model, deployment, to});
    try {
      deployment_state_cache_
          .get(std::array{model, deployment},
               [this](const auto& v) {
                 return &deployment_state_.Add(
                     {{"model", std::string(v[0])}, {"deployment", std::string(v[1])}});
               })
          ->Set(static_cast<double>(state));
    } catch (...) {
      // A lost sample, never a failed request.
    }
  }

  void budget_threshold(std::string_view scope, int percent) noexcept override {
    const std::string percent_text = std::to_string(percent);
    increment(budget_threshold_cache_, budget_thresholds_, {"scope", "percent"},
              std::array<std::string_view, 2>{scope, percent_text});
  }

  void state_unavailable(std::string_view decision) noexcept override {
    increment(state_unavailable_cache_, state_unavailable_, {"decision"}, std::array{decision});
  }

  void sync_redis(const RedisStats& totals) noexcept override {
    // Registered on first use: a gateway on the memory backend shows no llmgw_redis_* series.
    std::lock_guard lock(redis_mutex_);
    try {
      if (!redis_) redis_ = std::make_unique<RedisSeries>(registry_);
    } catch (...) {
      return;  // As elsewhere: a lost sample, never a failed scrape.
    }
    redis_->sync(totals);
  }

  void add_scrape_hook(std::function<void()> hook) override {
    scrape_hooks_.push_back(std::move(hook));
  }

  void connection_opened() noexcept override { client_connections_.Increment(); }
  void connection_closed() noexcept override { client_connections_.Decrement(); }

  std::string serialize() const override {
    for (const auto& hook : scrape_hooks_) hook();
    return prometheus::TextSerializer().Serialize(registry_.Collect());
  }

 private:
  template <class T>
  prometheus::Family<T>& family(const std::string& name, const std::string& help) {
    return prometheus::detail::Builder<T>().Name(name).Help(help).Register(registry_);
  }

  // A counter of a bounded label set, created on first use.
  template <std::size_t N>
  void increment(SeriesCache<Counter*>& cache, prometheus::Family<Counter>& family,
                 const char* const (&names)[N],
                 const std::array<std::string_view, N>& values) noexcept {
    try {
      cache
          .get(values,
               [&](const auto& v) {
                 std::map<std::string, std::string> labels;
                 for (std::size_t i = 0; i < N; ++i) labels.emplace(names[i], std::string(v[i]));
                 return &family.Add(labels);
               })
          ->Increment();
    } catch (...) {
      // A lost sample, never a failed request.
    }
  }

  void record_cost(const RequestRecord& record) {
    if (record.model.empty() || record.attempts == 0) return;
    Counter* counter = cost_cache_.get(std::array{record.model}, [this](const auto& v) {
      return &cost_.Add({{"model", std::string(v[0])}});
    });
    if (record.cost_pico_usd < 0) {
      unpriced_cache_
          .get(std::array{record.model},
               [this](const auto& v) {
                 return &unpriced_.Add({{"model", std::string(v[0])}});
               })
          ->Increment();
      return;
    }
    // The exact figure is in the access log and spend records; the counter is a double. Both
    // operands are exact doubles below 2^53 pico-USD (USD 9,007 per request), and IEEE
    // division rounds correctly: the same double as parsing the decimal text, without it.
    counter->Increment(static_cast<double>(record.cost_pico_usd) /
                       static_cast<double>(governance::kPicoUsdPerUsd));
  }

  void record_request(const RequestRecord& record) {
    char status_text[12];
    const auto status_end =
        std::to_chars(status_text, status_text + sizeof status_text, record.status).ptr;
    const std::string_view status(status_text, static_cast<std::size_t>(status_end - status_text));

    const RequestSeries request =
        request_cache_.get(std::array{record.path, record.model, status}, [this](const auto& v) {
          const std::string path(v[0]);
          const std::string model(v[1]);
          return RequestSeries{
              &requests_.Add({{"path", path}, {"model", model}, {"status", std::string(v[2])}}),
              &request_duration_.Add({{"path", path}, {"model", model}}, kCallBuckets)};
        });
    request.requests->Increment();
    request.duration->Observe(non_negative(record.latency_seconds));
    gateway_overhead_.Observe(non_negative(record.overhead_seconds));

    if (record.upstream_seconds >= 0) {
      upstream_duration_cache_
          .get(std::array{record.provider},
               [this](const auto& v) {
                 return &upstream_duration_.Add({{"provider", std::string(v[0])}}, kCallBuckets);
               })
          ->Observe(non_negative(record.upstream_seconds));
    }
    if (record.ttft_seconds >= 0) {
      first_token_cache_
          .get(std::array{record.model},
               [this](const auto& v) {
                 return &time_to_first_token_.Add({{"model", std::string(v[0])}},
                                                  kFirstTokenBuckets);
               })
          ->Observe(non_negative(record.ttft_seconds));
    }
    if (record.usage_known) record_tokens(record);
    record_cost(record);
    if (record.client_disconnected) client_disconnects_.Increment();
  }

  void record_tokens(const RequestRecord& record) {
    const TokenSeries tokens = token_cache_.get(std::array{record.model}, [this](const auto& v) {
      const std::string model(v[0]);
      auto add = [&](const char* type) { return &tokens_.Add({{"model", model}, {"type", type}}); };
      return TokenSeries{add("prompt"), add("completion"), add("cached"), add("reasoning")};
    });
    // Counter::Increment ignores negative amounts, so a malformed usage cannot run one back.
    tokens.prompt->Increment(static_cast<double>(record.usage.prompt_tokens));
    tokens.completion->Increment(static_cast<double>(record.usage.completion_tokens));
    tokens.cached->Increment(static_cast<double>(record.usage.cached_tokens));
    tokens.reasoning->Increment(static_cast<double>(record.usage.reasoning_tokens));
  }

  prometheus::Registry registry_;
  prometheus::Family<Counter>& requests_;
  prometheus::Family<Histogram>& request_duration_;
  prometheus::Family<Histogram>& upstream_duration_;
  prometheus::Family<Histogram>& time_to_first_token_;
  prometheus::Family<Counter>& tokens_;
  prometheus::Family<Counter>& upstream_errors_;
  Histogram& gateway_overhead_;
  Gauge& in_flight_;
  Gauge& client_connections_;
  Counter& client_disconnects_;
  prometheus::Family<Counter>& limit_denials_;
  prometheus::Family<Counter>& budget_thresholds_;
  prometheus::Family<Counter>& state_unavailable_;
  prometheus::Family<Counter>& cost_;
  prometheus::Family<Counter>& unpriced_;
  prometheus::Family<Counter>& retries_;
  prometheus::Family<Counter>& fallbacks_;
  prometheus::Family<Gauge>& deployment_state_;
  prometheus::Family<Counter>& breaker_transitions_;
  Counter& access_log_dropped_;
  std::mutex access_log_dropped_mutex_;
  std::mutex redis_mutex_;
  std::unique_ptr<RedisSeries> redis_;
  std::vector<std::function<void()>> scrape_hooks_;  ///< Filled at start-up, then read-only.

  SeriesCache<RequestSeries> request_cache_{kMaxSeriesPerCache};
  SeriesCache<Histogram*> upstream_duration_cache_{kMaxSeriesPerCache};
  SeriesCache<Histogram*> first_token_cache_{kMaxSeriesPerCache};
  SeriesCache<TokenSeries> token_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> upstream_error_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> limit_denial_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> budget_threshold_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> state_unavailable_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> cost_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> unpriced_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> retry_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> fallback_cache_{kMaxSeriesPerCache};
  SeriesCache<Counter*> breaker_transition_cache_{kMaxSeriesPerCache};
  SeriesCache<Gauge*> deployment_state_cache_{kMaxSeriesPerCache};
};

}  // namespace

std::unique_ptr<Metrics> make_prometheus_metrics(std::string_view version) {
  return std::make_unique<PrometheusMetrics>(version);
}

}  // namespace llmgw::observability
