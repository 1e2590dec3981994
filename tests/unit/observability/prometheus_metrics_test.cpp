#include "llmgw/observability/metrics.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace llmgw::observability {
namespace {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

/// Parses exposition lines "name{k="v",...} value"; label values in these tests hold no
/// escaped quotes, so a simple scan is enough.
std::vector<Sample> parse(const std::string& text) {
  std::vector<Sample> samples;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    Sample sample;
    const auto brace = line.find('{');
    const auto space = line.rfind(' ');
    if (brace != std::string::npos && brace < space) {
      sample.name = line.substr(0, brace);
      const auto close = line.find('}', brace);
      std::string body = line.substr(brace + 1, close - brace - 1);
      std::size_t pos = 0;
      while (pos < body.size()) {
        const auto eq = body.find('=', pos);
        const auto end_quote = body.find('"', eq + 2);
        sample.labels[body.substr(pos, eq - pos)] = body.substr(eq + 2, end_quote - eq - 2);
        pos = end_quote + 2;  // Skip the closing quote and the comma.
      }
    } else {
      sample.name = line.substr(0, space);
    }
    sample.value = std::stod(line.substr(space + 1));
    samples.push_back(std::move(sample));
  }
  return samples;
}

std::optional<double> value_of(const Metrics& metrics, const std::string& name,
                               const Labels& labels = {}) {
  for (const Sample& sample : parse(metrics.serialize())) {
    if (sample.name == name && sample.labels == labels) return sample.value;
  }
  return std::nullopt;
}

RequestRecord chat_record(int status = 200) {
  RequestRecord record;
  record.request_id = "req-1";
  record.key_id = "key-1";
  record.method = "POST";
  record.path = "/v1/chat/completions";
  record.model = "gpt-4o";
  record.provider = "openai";
  record.status = status;
  record.latency_seconds = 1.5;
  record.upstream_seconds = 1.4;
  record.overhead_seconds = 0.0002;
  return record;
}

const Labels kChat200 = {{"path", "/v1/chat/completions"}, {"model", "gpt-4o"}, {"status", "200"}};
const Labels kChat = {{"path", "/v1/chat/completions"}, {"model", "gpt-4o"}};

TEST(PrometheusMetricsTest, ExposesBuildInfoAndZeroGaugesBeforeTraffic) {
  auto metrics = make_prometheus_metrics("1.2.3");
  EXPECT_EQ(value_of(*metrics, "llmgw_build_info", {{"version", "1.2.3"}}), 1);
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_in_flight"), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_client_connections"), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_client_disconnects_total"), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_gateway_overhead_seconds_count"), 0);
  // No request yet: no labelled series (prometheus-cpp omits families without series).
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_total", kChat200), std::nullopt);
}

TEST(PrometheusMetricsTest, DeclaresTypesAndHelp) {
  auto metrics = make_prometheus_metrics("v");
  RequestRecord record = chat_record();
  record.usage_known = true;
  record.ttft_seconds = 0.1;
  metrics->request_finished(record);
  metrics->upstream_error("openai", ErrorKind::upstream_connect);
  const std::string text = metrics->serialize();
  for (const char* declaration :
       {"# TYPE llmgw_requests_total counter", "# TYPE llmgw_request_duration_seconds histogram",
        "# TYPE llmgw_upstream_duration_seconds histogram",
        "# TYPE llmgw_time_to_first_token_seconds histogram",
        "# TYPE llmgw_gateway_overhead_seconds histogram", "# TYPE llmgw_tokens_total counter",
        "# TYPE llmgw_requests_in_flight gauge", "# TYPE llmgw_client_connections gauge",
        "# TYPE llmgw_upstream_errors_total counter",
        "# TYPE llmgw_client_disconnects_total counter", "# TYPE llmgw_build_info gauge",
        "# HELP llmgw_requests_total "}) {
    EXPECT_NE(text.find(declaration), std::string::npos) << declaration;
  }
}

TEST(PrometheusMetricsTest, CountsRequestsByPathModelAndStatus) {
  auto metrics = make_prometheus_metrics("v");
  for (int i = 0; i < 2; ++i) {
    metrics->request_started();
    metrics->request_finished(chat_record());
  }
  metrics->request_started();
  metrics->request_finished(chat_record(429));

  EXPECT_EQ(value_of(*metrics, "llmgw_requests_total", kChat200), 2);
  Labels limited = kChat200;
  limited["status"] = "429";
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_total", limited), 1);
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_in_flight"), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_request_duration_seconds_count", kChat), 3);
  EXPECT_DOUBLE_EQ(*value_of(*metrics, "llmgw_request_duration_seconds_sum", kChat), 4.5);
  Labels bucket = kChat;
  bucket["le"] = "1";
  EXPECT_EQ(value_of(*metrics, "llmgw_request_duration_seconds_bucket", bucket), 0);
  bucket["le"] = "2.5";
  EXPECT_EQ(value_of(*metrics, "llmgw_request_duration_seconds_bucket", bucket), 3);
  bucket["le"] = "300";
  EXPECT_EQ(value_of(*metrics, "llmgw_request_duration_seconds_bucket", bucket), 3);
  EXPECT_EQ(value_of(*metrics, "llmgw_upstream_duration_seconds_count", {{"provider", "openai"}}),
            3);
}

TEST(PrometheusMetricsTest, InFlightTracksUnfinishedRequests) {
  auto metrics = make_prometheus_metrics("v");
  metrics->request_started();
  metrics->request_started();
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_in_flight"), 2);
  metrics->request_finished(chat_record());
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_in_flight"), 1);
  metrics->request_finished(chat_record());
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_in_flight"), 0);
}

TEST(PrometheusMetricsTest, OverheadHistogramUsesMicrosecondBuckets) {
  auto metrics = make_prometheus_metrics("v");
  metrics->request_finished(chat_record());  // 200 µs overhead.
  RequestRecord slow = chat_record();
  slow.overhead_seconds = 0.003;
  metrics->request_finished(slow);
  EXPECT_EQ(value_of(*metrics, "llmgw_gateway_overhead_seconds_count"), 2);
  EXPECT_EQ(value_of(*metrics, "llmgw_gateway_overhead_seconds_bucket", {{"le", "0.0001"}}), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_gateway_overhead_seconds_bucket", {{"le", "0.00025"}}), 1);
  EXPECT_EQ(value_of(*metrics, "llmgw_gateway_overhead_seconds_bucket", {{"le", "0.005"}}), 2);
}

TEST(PrometheusMetricsTest, CountsTokensByModelAndType) {
  auto metrics = make_prometheus_metrics("v");
  RequestRecord record = chat_record();
  record.usage_known = true;
  record.usage = {.prompt_tokens = 100,
                  .completion_tokens = 20,
                  .total_tokens = 120,
                  .cached_tokens = 64,
                  .reasoning_tokens = 8};
  metrics->request_finished(record);
  metrics->request_finished(record);
  record.usage_known = false;  // Unknown usage adds nothing.
  metrics->request_finished(record);

  auto tokens = [&](const char* type) {
    return value_of(*metrics, "llmgw_tokens_total", {{"model", "gpt-4o"}, {"type", type}});
  };
  EXPECT_EQ(tokens("prompt"), 200);
  EXPECT_EQ(tokens("completion"), 40);
  EXPECT_EQ(tokens("cached"), 128);
  EXPECT_EQ(tokens("reasoning"), 16);
}

TEST(PrometheusMetricsTest, TimeToFirstTokenOnlyWhenMeasured) {
  auto metrics = make_prometheus_metrics("v");
  metrics->request_finished(chat_record());  // ttft -1: not a stream.
  EXPECT_EQ(value_of(*metrics, "llmgw_time_to_first_token_seconds_count", {{"model", "gpt-4o"}}),
            std::nullopt);
  RequestRecord stream = chat_record();
  stream.stream = true;
  stream.ttft_seconds = 0.3;
  metrics->request_finished(stream);
  EXPECT_EQ(value_of(*metrics, "llmgw_time_to_first_token_seconds_count", {{"model", "gpt-4o"}}),
            1);
  EXPECT_EQ(value_of(*metrics, "llmgw_time_to_first_token_seconds_bucket",
                     {{"model", "gpt-4o"}, {"le", "0.25"}}),
            0);
  EXPECT_EQ(value_of(*metrics, "llmgw_time_to_first_token_seconds_bucket",
                     {{"model", "gpt-4o"}, {"le", "0.5"}}),
            1);
}

TEST(PrometheusMetricsTest, RequestsWithoutUpstreamSkipUpstreamHistogram) {
  auto metrics = make_prometheus_metrics("v");
  RequestRecord rejected;
  rejected.path = "/v1/chat/completions";
  rejected.status = 401;
  rejected.latency_seconds = 0.0001;
  rejected.overhead_seconds = 0.0001;
  metrics->request_finished(rejected);
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_total",
                     {{"path", "/v1/chat/completions"}, {"model", ""}, {"status", "401"}}),
            1);
  EXPECT_EQ(metrics->serialize().find("llmgw_upstream_duration_seconds_count"), std::string::npos);
}

TEST(PrometheusMetricsTest, NegativeAndNonFiniteDurationsAreClamped) {
  auto metrics = make_prometheus_metrics("v");
  RequestRecord odd = chat_record();
  odd.latency_seconds = -3;
  odd.overhead_seconds = std::numeric_limits<double>::quiet_NaN();
  metrics->request_finished(odd);
  EXPECT_EQ(value_of(*metrics, "llmgw_request_duration_seconds_sum", kChat), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_gateway_overhead_seconds_sum"), 0);
}

TEST(PrometheusMetricsTest, CountsUpstreamErrorsDisconnectsAndConnections) {
  auto metrics = make_prometheus_metrics("v");
  metrics->upstream_error("openai", ErrorKind::upstream_timeout);
  metrics->upstream_error("openai", ErrorKind::upstream_timeout);
  metrics->upstream_error("anthropic", ErrorKind::upstream_connect);
  EXPECT_EQ(value_of(*metrics, "llmgw_upstream_errors_total",
                     {{"provider", "openai"}, {"kind", "upstream_timeout"}}),
            2);
  EXPECT_EQ(value_of(*metrics, "llmgw_upstream_errors_total",
                     {{"provider", "anthropic"}, {"kind", "upstream_connect"}}),
            1);

  RequestRecord gone = chat_record(499);
  gone.client_disconnected = true;
  metrics->request_finished(gone);
  EXPECT_EQ(value_of(*metrics, "llmgw_client_disconnects_total"), 1);

  metrics->connection_opened();
  metrics->connection_opened();
  metrics->connection_closed();
  EXPECT_EQ(value_of(*metrics, "llmgw_client_connections"), 1);
}

TEST(PrometheusMetricsTest, AccessLogDropsFollowTheLogsRunningTotal) {
  auto metrics = make_prometheus_metrics("v");
  EXPECT_EQ(value_of(*metrics, "llmgw_access_log_dropped_total"), 0);
  metrics->sync_access_log_dropped(7);
  EXPECT_EQ(value_of(*metrics, "llmgw_access_log_dropped_total"), 7);
  metrics->sync_access_log_dropped(7);
  metrics->sync_access_log_dropped(3);  // A counter never goes down.
  EXPECT_EQ(value_of(*metrics, "llmgw_access_log_dropped_total"), 7);
  metrics->sync_access_log_dropped(10);
  EXPECT_EQ(value_of(*metrics, "llmgw_access_log_dropped_total"), 10);
}

TEST(PrometheusMetricsTest, ConcurrentRecordingLosesNothing) {
  auto metrics = make_prometheus_metrics("v");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  const std::vector<std::string> models = {"gpt-4o", "claude", "gemini"};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        metrics->connection_opened();
        metrics->request_started();
        RequestRecord record = chat_record(i % 2 == 0 ? 200 : 500);
        record.model = models[static_cast<std::size_t>(i + t) % models.size()];
        record.usage_known = true;
        record.usage.prompt_tokens = 1;
        metrics->request_finished(record);
        metrics->upstream_error("openai", ErrorKind::upstream_status);
        metrics->connection_closed();
        if (i % 100 == 0) static_cast<void>(metrics->serialize());
      }
    });
  }
  for (auto& thread : threads) thread.join();

  double requests = 0;
  double prompt_tokens = 0;
  for (const Sample& sample : parse(metrics->serialize())) {
    if (sample.name == "llmgw_requests_total") requests += sample.value;
    if (sample.name == "llmgw_tokens_total" && sample.labels.at("type") == "prompt") {
      prompt_tokens += sample.value;
    }
  }
  EXPECT_EQ(requests, kThreads * kPerThread);
  EXPECT_EQ(prompt_tokens, kThreads * kPerThread);
  EXPECT_EQ(value_of(*metrics, "llmgw_requests_in_flight"), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_client_connections"), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_upstream_errors_total",
                     {{"provider", "openai"}, {"kind", "upstream_status"}}),
            kThreads * kPerThread);
  EXPECT_EQ(value_of(*metrics, "llmgw_gateway_overhead_seconds_count"), kThreads * kPerThread);
}

TEST(PrometheusMetricsTest, RedisSeriesAppearOnlyOnceSyncedAndCountersNeverGoDown) {
  auto metrics = make_prometheus_metrics("t");
  EXPECT_EQ(metrics->serialize().find("llmgw_redis_"), std::string::npos);

  RedisStats totals;
  totals.connections = 4;
  totals.connections_up = 3;
  totals.connect_failures = 7;
  totals.timeouts = 2;
  totals.settles_dropped = 1;
  totals.settle_queue = 5;
  int scrapes = 0;
  Metrics& m = *metrics;
  metrics->add_scrape_hook([&] {
    ++scrapes;
    m.sync_redis(totals);
  });
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_connections"), 4);
  EXPECT_EQ(scrapes, 1);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_connections_up"), 3);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_connect_failures_total"), 7);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_call_failures_total", {{"reason", "timeout"}}), 2);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_call_failures_total", {{"reason", "not_connected"}}),
            0);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_settles_total", {{"result", "dropped"}}), 1);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_settle_queue"), 5);

  // Gauges follow the totals both ways; counters only up (a lower total is a stale read).
  totals.connections_up = 0;
  totals.connect_failures = 3;
  totals.settle_queue = 0;
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_connections_up"), 0);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_connect_failures_total"), 7);
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_settle_queue"), 0);
  totals.connect_failures = 9;
  EXPECT_EQ(value_of(*metrics, "llmgw_redis_connect_failures_total"), 9);
}

}  // namespace
}  // namespace llmgw::observability

namespace llmgw::observability {
namespace {

TEST(PrometheusMetricsTest, RoutingSeries) {
  auto metrics = make_prometheus_metrics("t");
  metrics->retry("m", "d1", "server_error");
  metrics->retry("m", "d1", "server_error");
  metrics->fallback("m");
  metrics->breaker_changed("m", "d1", 2);
  metrics->breaker_changed("m", "d1", 1);
  EXPECT_EQ(value_of(*metrics, "llmgw_retries_total",
                     {{"model", "m"}, {"deployment", "d1"}, {"reason", "server_error"}}),
            2.0);
  EXPECT_EQ(value_of(*metrics, "llmgw_fallbacks_total", {{"model", "m"}}), 1.0);
  EXPECT_EQ(value_of(*metrics, "llmgw_deployment_state", {{"model", "m"}, {"deployment", "d1"}}),
            1.0);
  EXPECT_EQ(value_of(*metrics, "llmgw_breaker_transitions_total",
                     {{"model", "m"}, {"deployment", "d1"}, {"to", "open"}}),
            1.0);
  EXPECT_EQ(value_of(*metrics, "llmgw_breaker_transitions_total",
                     {{"model", "m"}, {"deployment", "d1"}, {"to", "half_open"}}),
            1.0);
}

}  // namespace
}  // namespace llmgw::observability
