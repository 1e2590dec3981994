#include "config/validate.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "config/secrets.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;

ProviderConfig provider(std::string name, bool enabled = true) {
  ProviderConfig p;
  p.name = std::move(name);
  p.kind = ProviderKind::openai_compatible;
  p.base_url = "http://127.0.0.1:8000/v1";
  p.origin = {false, "127.0.0.1", 8000, "/v1"};
  p.enabled = enabled;
  return p;
}

ModelConfig model(std::string name, std::vector<std::string> providers) {
  ModelConfig m;
  m.name = std::move(name);
  for (auto& p : providers) {
    Deployment& d = m.deployments.emplace_back();
    d.provider = p;
    d.provider_index = 99;
    d.upstream_model = "upstream";
  }
  return m;
}

KeyConfig key(std::string id, std::string_view secret) {
  KeyConfig k;
  k.id = std::move(id);
  k.secret_sha256 = sha256(secret);
  return k;
}

Config valid_config() {
  Config config;
  config.providers = {provider("a"), provider("b")};
  config.models = {model("m1", {"b", "a"}), model("m2", {"a"})};
  config.keys = {key("k1", "s1"), key("k2", "s2")};
  return config;
}

TEST(ValidateTest, ValidConfigPassesAndGetsProviderIndexes) {
  auto config = valid_config();
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_FALSE(diag.has_errors()) << testing::dump(diag.errors());
  EXPECT_TRUE(diag.warnings().empty());
  EXPECT_EQ(config.models[0].deployments[0].provider_index, 1u);
  EXPECT_EQ(config.models[0].deployments[1].provider_index, 0u);
  EXPECT_EQ(config.models[1].deployments[0].provider_index, 0u);
}

TEST(ValidateTest, UnknownProviderInDeploymentPointsAtItsLine) {
  auto config = valid_config();
  config.models.push_back(model("m3", {"a", "foo"}));
  Diagnostics diag("config/llmgw.yaml");
  diag.record_line("models[2].deployments[1].provider", 12);
  validate(config, diag);
  const auto* issue = find_issue(diag.errors(), "models[2].deployments[1].provider");
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->to_string(),
            "config/llmgw.yaml:12: models[2].deployments[1].provider: unknown provider \"foo\"");
}

TEST(ValidateTest, DuplicateNamesAndIds) {
  auto config = valid_config();
  config.providers.push_back(provider("a"));
  config.models.push_back(model("m1", {"a"}));
  config.keys.push_back(key("k1", "s3"));
  Diagnostics diag("f.yaml");
  validate(config, diag);
  const auto* p = find_issue(diag.errors(), "providers[2].name");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->message, "duplicate \"a\", already used by providers[0]");
  EXPECT_NE(find_issue(diag.errors(), "models[2].name"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "keys[2].id"), nullptr);
}

TEST(ValidateTest, KeysSharingASecretAreAnErrorUnlessDisabled) {
  auto config = valid_config();
  config.keys.push_back(key("k3", "s1"));
  auto disabled = key("k4", "s1");
  disabled.enabled = false;
  config.keys.push_back(disabled);
  Diagnostics diag("f.yaml");
  validate(config, diag);
  const auto* issue = find_issue(diag.errors(), "keys[2]");
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->message, "has the same secret as keys[0]");
  EXPECT_EQ(find_issue(diag.errors(), "keys[3]"), nullptr);
}

TEST(ValidateTest, KeyAllowListMustNameModels) {
  auto config = valid_config();
  config.keys[0].allowed_models = {"m2", "nope"};
  Diagnostics diag("f.yaml");
  validate(config, diag);
  ASSERT_EQ(diag.errors().size(), 1u) << testing::dump(diag.errors());
  EXPECT_EQ(diag.errors()[0].path, "keys[0].models[1]");
  EXPECT_EQ(diag.errors()[0].message, "unknown model \"nope\"");
}

TEST(ValidateTest, IdentifiersAndModelNames) {
  EXPECT_TRUE(is_valid_identifier("team-a_1.prod"));
  EXPECT_FALSE(is_valid_identifier(""));
  EXPECT_FALSE(is_valid_identifier("team a"));
  EXPECT_FALSE(is_valid_identifier("team/a"));
  EXPECT_FALSE(is_valid_identifier(std::string(65, 'a')));
  auto config = valid_config();
  config.keys[0].id = "bad id";
  config.models[0].name = "two words";
  config.models[1].created = -1;
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_NE(find_issue(diag.errors(), "keys[0].id"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models[0].name"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models[1].created"), nullptr);
}

TEST(ValidateTest, DefaultMaxTokensRange) {
  auto config = valid_config();
  config.models[0].default_max_tokens = -1;
  config.models[1].default_max_tokens = kMaxDefaultMaxTokens + 1;
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_NE(find_issue(diag.errors(), "models[0].default_max_tokens"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models[1].default_max_tokens"), nullptr);

  config.models[0].default_max_tokens = 0;  // The adapter's default.
  config.models[1].default_max_tokens = kMaxDefaultMaxTokens;
  Diagnostics ok("f.yaml");
  validate(config, ok);
  EXPECT_FALSE(ok.has_errors()) << testing::dump(ok.errors());
}

TEST(ValidateTest, ModelNeedsADeployment) {
  auto config = valid_config();
  config.models[1].deployments.clear();
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_NE(find_issue(diag.errors(), "models[1].deployments"), nullptr);
}

TEST(ValidateTest, ModelWithOnlyDisabledProvidersIsAWarning) {
  auto config = valid_config();
  config.providers[0].enabled = false;
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_EQ(diag.warnings()[0].path, "models[1]");
  EXPECT_NE(diag.warnings()[0].message.find("503"), std::string::npos);
}

TEST(ValidateTest, ServerRanges) {
  auto config = valid_config();
  config.server.workers = 1025;
  config.server.busy_poll_us = 10001;
  config.server.limits.max_header_bytes = 100;
  config.server.limits.max_body_bytes = (std::size_t{1} << 30) + 1;
  config.server.limits.max_connections = 0;
  config.server.timeouts.drain = Millis(0);
  config.server.timeouts.write = std::chrono::hours(25);
  config.server.tls.cert_file = "cert.pem";
  Diagnostics diag("f.yaml");
  validate(config, diag);
  for (const char* path :
       {"server.workers", "server.busy_poll_us", "server.limits.max_header_bytes",
        "server.limits.max_body_bytes", "server.limits.max_connections", "server.timeouts.drain",
        "server.timeouts.write", "server.tls"}) {
    EXPECT_NE(find_issue(diag.errors(), path), nullptr) << path;
  }
}

TEST(ValidateTest, ServerBoundariesAreInclusive) {
  auto config = valid_config();
  config.server.workers = 1024;
  config.server.busy_poll_us = 10000;
  config.server.limits.max_body_bytes = std::size_t{1} << 30;
  config.server.limits.max_header_bytes = 1024;
  config.server.timeouts.drain = std::chrono::hours(24);
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_FALSE(diag.has_errors()) << testing::dump(diag.errors());
}

TEST(ValidateTest, LoggingChecks) {
  auto config = valid_config();
  config.logging.level = "verbose";
  config.logging.queue_size = 0;
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_NE(find_issue(diag.errors(), "logging.level"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "logging.queue_size"), nullptr);
}

TEST(ValidateTest, MetricsMayNotShareTheApiAddress) {
  auto config = valid_config();
  config.metrics.listen = {"0.0.0.0", 8080};
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_NE(find_issue(diag.errors(), "metrics.listen"), nullptr);

  config.metrics.enabled = false;
  Diagnostics disabled("f.yaml");
  validate(config, disabled);
  EXPECT_FALSE(disabled.has_errors());

  config.metrics.enabled = true;
  config.server.listen.port = 0;
  config.metrics.listen.port = 0;
  Diagnostics any_port("f.yaml");
  validate(config, any_port);
  EXPECT_FALSE(any_port.has_errors());
}

TEST(ValidateTest, NoModelsIsAWarning) {
  Config config;
  Diagnostics diag("f.yaml");
  validate(config, diag);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_EQ(diag.warnings()[0].path, "models");
}

}  // namespace
}  // namespace llmgw::config
