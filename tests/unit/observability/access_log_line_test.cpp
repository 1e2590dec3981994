#include "observability/access_log_line.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

namespace llmgw::observability {
namespace {

using namespace std::chrono;

const auto kFinishedAt =
    sys_days{year{2026} / 11 / 26} + hours{22} + minutes{23} + seconds{38} + milliseconds{123};

nlohmann::json render(const RequestRecord& record) {
  std::string line;
  append_access_log_line(line, record, kFinishedAt);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  return nlohmann::json::parse(line);
}

TEST(AccessLogLineTest, RendersEveryFieldOfACompleteRecord) {
  RequestRecord record;
  record.request_id = "req-42";
  record.key_id = "key-7";
  record.method = "POST";
  record.path = "/v1/chat/completions";
  record.model = "gpt-4o";
  record.provider = "openai";
  record.upstream_model = "gpt-4o-2024-08-06";
  record.status = 200;
  record.stream = true;
  record.latency_seconds = 1.2345678;
  record.ttfb_seconds = 0.25;
  record.ttft_seconds = 0.3;
  record.upstream_seconds = 1.2;
  record.overhead_seconds = 0.0000346;
  record.usage_known = true;
  record.usage = {.prompt_tokens = 10,
                  .completion_tokens = 5,
                  .total_tokens = 15,
                  .cached_tokens = 2,
                  .reasoning_tokens = 1};
  record.bytes_in = 512;
  record.bytes_out = 4096;
  record.cost_usd = "0.0000125";
  record.attempts = 2;
  record.deployment = "openai-eu";
  record.fallback = true;

  const auto json = render(record);
  EXPECT_EQ(json.size(), 27u);
  EXPECT_EQ(json["deployment"], "openai-eu");
  EXPECT_EQ(json["fallback"], true);
  EXPECT_EQ(json["cost_usd"], "0.0000125");
  EXPECT_EQ(json["attempts"], 2);
  EXPECT_EQ(json["time"], "2026-11-26T22:23:38.123Z");
  EXPECT_EQ(json["request_id"], "req-42");
  EXPECT_EQ(json["key_id"], "key-7");
  EXPECT_EQ(json["method"], "POST");
  EXPECT_EQ(json["path"], "/v1/chat/completions");
  EXPECT_EQ(json["model"], "gpt-4o");
  EXPECT_EQ(json["provider"], "openai");
  EXPECT_EQ(json["upstream_model"], "gpt-4o-2024-08-06");
  EXPECT_EQ(json["status"], 200);
  EXPECT_EQ(json["stream"], true);
  EXPECT_DOUBLE_EQ(json["latency_ms"].get<double>(), 1234.568);
  EXPECT_DOUBLE_EQ(json["ttfb_ms"].get<double>(), 250.0);
  EXPECT_DOUBLE_EQ(json["ttft_ms"].get<double>(), 300.0);
  EXPECT_DOUBLE_EQ(json["upstream_ms"].get<double>(), 1200.0);
  EXPECT_DOUBLE_EQ(json["overhead_ms"].get<double>(), 0.035);
  EXPECT_EQ(json["prompt_tokens"], 10);
  EXPECT_EQ(json["completion_tokens"], 5);
  EXPECT_EQ(json["total_tokens"], 15);
  EXPECT_EQ(json["cached_tokens"], 2);
  EXPECT_EQ(json["bytes_in"], 512);
  EXPECT_EQ(json["bytes_out"], 4096);
  EXPECT_EQ(json["client_disconnected"], false);
  EXPECT_TRUE(json["error"].is_null());
}

TEST(AccessLogLineTest, UnknownValuesAreNull) {
  RequestRecord record;  // Nothing known: a connection that failed before routing.
  record.latency_seconds = 0.001;
  const auto json = render(record);
  for (const char* key :
       {"request_id", "key_id", "method", "path", "model", "provider", "upstream_model",
        "deployment", "status", "ttfb_ms", "ttft_ms", "upstream_ms", "prompt_tokens",
        "completion_tokens", "total_tokens", "cached_tokens", "error"}) {
    EXPECT_TRUE(json.at(key).is_null()) << key;
  }
  EXPECT_DOUBLE_EQ(json["latency_ms"].get<double>(), 1.0);
  EXPECT_EQ(json["overhead_ms"], 0.0);
  EXPECT_EQ(json["stream"], false);
  EXPECT_EQ(json["bytes_in"], 0);
}

TEST(AccessLogLineTest, ErrorsAndDisconnectsAreRecorded) {
  RequestRecord record;
  record.status = 504;
  record.error_kind = "upstream_timeout";
  record.client_disconnected = true;
  const auto json = render(record);
  EXPECT_EQ(json["status"], 504);
  EXPECT_EQ(json["error"], "upstream_timeout");
  EXPECT_EQ(json["client_disconnected"], true);
}

TEST(AccessLogLineTest, EscapesHostileStrings) {
  const std::string model = "evil\"model\n\x01\\";
  const std::string request_id = "id\xff\xfe";  // Not UTF-8.
  RequestRecord record;
  record.model = model;
  record.request_id = request_id;
  const auto json = render(record);
  EXPECT_EQ(json["model"], model);
  EXPECT_EQ(json["request_id"], "id\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(AccessLogLineTest, NonsenseDurationsBecomeNull) {
  RequestRecord record;
  record.latency_seconds = std::numeric_limits<double>::infinity();
  record.ttfb_seconds = std::numeric_limits<double>::quiet_NaN();
  record.upstream_seconds = 1e300;
  const auto json = render(record);
  EXPECT_TRUE(json["latency_ms"].is_null());
  EXPECT_TRUE(json["ttfb_ms"].is_null());
  EXPECT_TRUE(json["upstream_ms"].is_null());
}

TEST(AccessLogLineTest, ExtremeIntegersStayExact) {
  RequestRecord record;
  record.bytes_out = std::numeric_limits<std::uint64_t>::max();
  record.usage_known = true;
  record.usage.prompt_tokens = std::numeric_limits<std::int64_t>::min();
  const auto json = render(record);
  EXPECT_EQ(json["bytes_out"].get<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(json["prompt_tokens"].get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
}

}  // namespace
}  // namespace llmgw::observability
