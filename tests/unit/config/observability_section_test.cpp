// Tests for src/config/observability_section.cpp (read_logging, read_metrics).
#include "config/sections.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;
using testing::read_document;

TEST(ObservabilitySectionTest, ReadsLoggingAndMetrics) {
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
logging: {level: warn, format: text, access_log: false, access_log_file: logs/a.log, queue_size: 16}
metrics: {enabled: false, listen: "[::1]:9999"}
)",
                              diag, {}, "/etc/llmgw");
  EXPECT_FALSE(diag.has_errors());
  EXPECT_EQ(config.logging.level, "warn");
  EXPECT_EQ(config.logging.format, LogFormat::text);
  EXPECT_FALSE(config.logging.access_log);
  EXPECT_EQ(config.logging.access_log_file, "/etc/llmgw/logs/a.log");
  EXPECT_EQ(config.logging.queue_size, 16u);
  EXPECT_FALSE(config.metrics.enabled);
  EXPECT_EQ(config.metrics.listen.host, "::1");
  EXPECT_EQ(config.metrics.listen.port, 9999);
}

TEST(ObservabilitySectionTest, BadValues) {
  Diagnostics diag("f.yaml");
  read_document("logging: {format: xml, access_log: yes, queue_size: -1}\nmetrics: {port: 1}\n",
                diag);
  EXPECT_NE(find_issue(diag.errors(), "logging.format"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "logging.access_log"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "logging.queue_size"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "metrics.port"), nullptr);
}

}  // namespace
}  // namespace llmgw::config
