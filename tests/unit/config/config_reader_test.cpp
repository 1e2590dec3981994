#include "config/sections.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;
using testing::read_document;

TEST(ConfigReaderTest, EmptyDocumentGivesDefaults) {
  Diagnostics diag("empty.yaml");
  auto config = read_document("", diag);
  EXPECT_FALSE(diag.has_errors());
  EXPECT_EQ(config.source_file, "empty.yaml");
  EXPECT_TRUE(config.providers.empty());
  EXPECT_TRUE(config.models.empty());
  EXPECT_TRUE(config.keys.empty());
  EXPECT_EQ(config.server.listen.port, 8080);
}

TEST(ConfigReaderTest, ReadsEverySection) {
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
server: {workers: 2, busy_poll_us: 50}
providers: [{name: p, kind: openai_compatible, base_url: "http://h/v1"}]
models: [{name: m, deployments: [{provider: p, model: up}]}]
keys: [{id: k, secret_sha256: "0000000000000000000000000000000000000000000000000000000000000000"}]
logging: {level: debug}
metrics: {enabled: false}
)",
                              diag);
  EXPECT_FALSE(diag.has_errors());
  EXPECT_EQ(config.server.workers, 2u);
  EXPECT_EQ(config.server.busy_poll_us, 50u);
  ASSERT_EQ(config.providers.size(), 1u);
  ASSERT_EQ(config.models.size(), 1u);
  ASSERT_EQ(config.keys.size(), 1u);
  EXPECT_EQ(config.logging.level, "debug");
  EXPECT_FALSE(config.metrics.enabled);
}

TEST(ConfigReaderTest, UnknownTopLevelKeyWithLine) {
  Diagnostics diag("f.yaml");
  read_document("server: {}\n\nprovider: []\n", diag);
  const auto* issue = find_issue(diag.errors(), "provider");
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->line, 3);
  EXPECT_EQ(issue->message, "unknown key; did you mean \"providers\"?");
}

TEST(ConfigReaderTest, WrongSectionShapes) {
  Diagnostics diag("f.yaml");
  read_document("server: []\nproviders: {}\nmodels: 3\n", diag);
  EXPECT_NE(find_issue(diag.errors(), "server"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "providers"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models"), nullptr);
}

TEST(ConfigReaderTest, RootMustBeAMapping) {
  Diagnostics diag("f.yaml");
  read_document("- a\n- b\n", diag);
  ASSERT_TRUE(diag.has_errors());
  EXPECT_NE(diag.errors()[0].message.find("must be a mapping"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
