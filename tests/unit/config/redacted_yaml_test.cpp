// Tests for src/config/redacted_yaml.cpp (to_redacted_yaml, declared in loader.hpp).
#include "llmgw/config/loader.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "config/secrets.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::parse_ok;
using testing::TempDir;

constexpr std::string_view kProviderSecret = "sk-DISTINCTIVE-provider-7f3a";
constexpr std::string_view kHeaderSecret = "hdr-DISTINCTIVE-token-91bc";
constexpr std::string_view kKeySecret = "vk-DISTINCTIVE-key-55e0";
constexpr std::string_view kFileSecret = "file-DISTINCTIVE-secret-c4d2";

std::string hex(const Sha256& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (auto byte : digest) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

class RedactedYamlTest : public ::testing::Test {
 protected:
  LoadResult load_with_secrets() {
    env_.set("PROVIDER_KEY", std::string(kProviderSecret));
    env_.set("HEADER_TOKEN", std::string(kHeaderSecret));
    env_.set("TEAM_KEY", std::string(kKeySecret));
    dir_.write("key.txt", kFileSecret);
    const auto file = dir_.write("llmgw.yaml", R"(
providers:
  - name: openai
    kind: openai
    base_url: https://api.openai.com/v1
    api_key: ${PROVIDER_KEY}
    headers: {X-Tenant: "Bearer ${HEADER_TOKEN}", X-Title: visible-title}
  - name: filed
    kind: openai_compatible
    base_url: http://127.0.0.1:8000/v1
    api_key_file: key.txt
  - name: off
    kind: openai
    base_url: https://api.openai.com/v1
    api_key: ${UNSET_VAR}
models:
  - name: gpt-4o-mini
    deployments: [{provider: openai, model: gpt-4o-mini}]
keys:
  - id: team
    secret: ${TEAM_KEY}
    models: [gpt-4o-mini]
  - id: hashed
    secret_sha256: f3abf2a6cc4f00987743db5f544ba345b4899ae31f326d8ee9c4816de153c9e0
  - id: missing
    secret: ${UNSET_KEY}
)");
    return parse_config(testing::read_text(file), file, env_.lookup());
  }

  FakeEnv env_;
  TempDir dir_;
};

TEST_F(RedactedYamlTest, NeverContainsSecretsOrHashes) {
  auto result = load_with_secrets();
  ASSERT_EQ(result.config->providers.at(0).api_key, kProviderSecret);  // The secret is loaded.
  const auto yaml = to_redacted_yaml(*result.config);
  for (auto secret : {kProviderSecret, kHeaderSecret, kKeySecret, kFileSecret}) {
    EXPECT_EQ(yaml.find(secret), std::string::npos) << secret << "\n" << yaml;
  }
  EXPECT_EQ(yaml.find("DISTINCTIVE"), std::string::npos);
  for (const auto& key : result.config->keys) {
    EXPECT_EQ(yaml.find(hex(key.secret_sha256)), std::string::npos);
  }
  EXPECT_EQ(yaml.find("f3abf2a6"), std::string::npos);
}

TEST_F(RedactedYamlTest, ShowsRedactedUnsetAndDisabledReasons) {
  auto yaml = to_redacted_yaml(*load_with_secrets().config);
  EXPECT_NE(yaml.find("    api_key: \"<redacted>\"\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("\"X-Tenant\": \"<redacted>\""), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("\"X-Title\": \"visible-title\""), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("# disabled: environment variable UNSET_VAR is not set"), std::string::npos);
  EXPECT_NE(yaml.find("    api_key: \"<unset>\"\n"), std::string::npos);
  EXPECT_NE(yaml.find("    secret: \"<unset>\"\n"), std::string::npos);
  EXPECT_NE(yaml.find("# models: every model"), std::string::npos);
}

TEST_F(RedactedYamlTest, ListsEveryKeyWithDefaults) {
  auto yaml = to_redacted_yaml(*parse_ok("").config);
  for (const char* line : {"server:\n",
                           "  listen: \"127.0.0.1:8080\"\n",
                           "  workers: 0\n",
                           "  tls:\n",
                           "    cert_file: \"\"\n",
                           "    key_file: \"\"\n",
                           "    max_header_bytes: 16KiB\n",
                           "    max_body_bytes: 10MiB\n",
                           "    max_connections: 10000\n",
                           "    header_read: 10s\n",
                           "    body_read: 30s\n",
                           "    idle_keep_alive: 1m\n",
                           "    write: 30s\n",
                           "    drain: 30s\n",
                           "providers: []\n",
                           "models: []\n",
                           "keys: []\n",
                           "logging:\n",
                           "  level: \"info\"\n",
                           "  format: json\n",
                           "  access_log: true\n",
                           "  access_log_file: \"\"\n",
                           "  queue_size: 8192\n",
                           "metrics:\n",
                           "  enabled: true\n",
                           "  listen: \"127.0.0.1:9464\"\n"}) {
    EXPECT_NE(yaml.find(line), std::string::npos) << line << "\n" << yaml;
  }
}

TEST_F(RedactedYamlTest, OutputLoadsBackToTheSameConfig) {
  FakeEnv env{{"K", "secret"}};
  auto original = parse_ok(R"(
server: {listen: "[::1]:0", workers: 2, limits: {max_body_bytes: 1000}}
providers:
  - name: p
    kind: openai_compatible
    base_url: http://127.0.0.1:9/v1/
    api_key: ${K}
    headers: {X-Quote: "say \"hi\" \\ bye"}
    forward_headers: [X-A, X-B]
    timeouts: {total: 90s}
models:
  - name: "m\"odd"
    owned_by: me
    created: 5
    deployments: [{provider: p, model: up}]
keys:
  - id: k
    secret: ${K}
    models: ["m\"odd"]
logging: {format: text, access_log_file: /var/log/a.log}
)",
                           env);
  const auto yaml = to_redacted_yaml(*original.config);
  auto reloaded = parse_ok(yaml);
  const Config& a = *original.config;
  const Config& b = *reloaded.config;
  EXPECT_EQ(b.server.listen.host, a.server.listen.host);
  EXPECT_EQ(b.server.workers, a.server.workers);
  EXPECT_EQ(b.server.limits.max_body_bytes, a.server.limits.max_body_bytes);
  ASSERT_EQ(b.providers.size(), 1u);
  EXPECT_EQ(b.providers[0].base_url, a.providers[0].base_url);
  EXPECT_EQ(b.providers[0].extra_headers, a.providers[0].extra_headers);
  EXPECT_EQ(b.providers[0].forward_headers, a.providers[0].forward_headers);
  EXPECT_EQ(b.providers[0].timeouts.total, a.providers[0].timeouts.total);
  ASSERT_EQ(b.models.size(), 1u);
  EXPECT_EQ(b.models[0].name, "m\"odd");
  EXPECT_EQ(b.models[0].owned_by, "me");
  EXPECT_EQ(b.models[0].created, 5);
  EXPECT_EQ(b.keys.at(0).allowed_models, a.keys.at(0).allowed_models);
  EXPECT_EQ(b.logging.format, LogFormat::text);
  EXPECT_EQ(b.logging.access_log_file, "/var/log/a.log");
  EXPECT_EQ(to_redacted_yaml(b).substr(yaml.find('\n')), yaml.substr(yaml.find('\n')));
}

TEST_F(RedactedYamlTest, ControlCharactersCannotBreakTheDocument) {
  Config config;
  ProviderConfig p;
  p.name = "p";
  p.enabled = false;
  p.disabled_reason = "file /tmp/x\nproviders: injected";
  p.base_url = "http://h/\x01";
  config.providers.push_back(p);
  const auto yaml = to_redacted_yaml(config);
  EXPECT_EQ(yaml.find("\nproviders: injected"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("\\x01"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
