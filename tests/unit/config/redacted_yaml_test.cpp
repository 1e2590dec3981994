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

constexpr std::string_view kAnthropicSecret = "ant-DISTINCTIVE-6b1d";
constexpr std::string_view kVertexToken = "ya29-DISTINCTIVE-vertex";
constexpr std::string_view kAzureSecret = "az-DISTINCTIVE-0c9e";
constexpr std::string_view kAwsKeyId = "AKID-DISTINCTIVE-9a8b";
constexpr std::string_view kAwsSecret = "aws-DISTINCTIVE-secret-17f0";
constexpr std::string_view kAwsToken = "aws-DISTINCTIVE-token-3e44";

constexpr std::string_view kEveryKind = R"(
providers:
  - name: claude
    kind: anthropic
    api_key: ${ANTHROPIC_KEY}
    anthropic: {version: "2023-06-01"}
  - name: vertex
    kind: gemini
    api_key: ${VERTEX_TOKEN}
    gemini: {vertex: true, project: my-proj, location: us-central1}
  - name: az
    kind: azure_openai
    base_url: https://res.openai.azure.com
    api_key: ${AZURE_KEY}
    azure: {api_version: 2025-04-01-preview, auth: bearer}
  - name: az1
    kind: azure_openai
    base_url: https://res.openai.azure.com
    api_key: ${AZURE_KEY}
    azure: {v1_routes: true}
  - name: br
    kind: bedrock
    bedrock: {region: us-east-1}
models:
  - name: claude
    drop_unsupported: true
    default_max_tokens: 2048
    deployments: [{provider: claude, model: claude-sonnet-4-5}, {provider: br, model: x}]
  - name: gem
    deployments: [{provider: vertex, model: gemini-2.5-flash}, {provider: az, model: d}]
)";

TEST_F(RedactedYamlTest, NewProviderKindsShowSettingsButNoSecrets) {
  env_.set("ANTHROPIC_KEY", std::string(kAnthropicSecret));
  env_.set("VERTEX_TOKEN", std::string(kVertexToken));
  env_.set("AZURE_KEY", std::string(kAzureSecret));
  env_.set("AWS_ACCESS_KEY_ID", std::string(kAwsKeyId));
  env_.set("AWS_SECRET_ACCESS_KEY", std::string(kAwsSecret));
  env_.set("AWS_SESSION_TOKEN", std::string(kAwsToken));
  auto result = parse_ok(kEveryKind, env_);
  ASSERT_EQ(result.config->providers.at(4).bedrock.secret_access_key, kAwsSecret);
  const auto yaml = to_redacted_yaml(*result.config);
  EXPECT_EQ(yaml.find("DISTINCTIVE"), std::string::npos) << yaml;
  for (const auto& warning : result.warnings) {
    EXPECT_EQ(warning.find("DISTINCTIVE"), std::string::npos) << warning;
  }
  for (const char* text : {"    kind: anthropic\n", "    base_url: \"https://api.anthropic.com\"\n",
                           "    anthropic:\n      version: \"2023-06-01\"\n",
                           "    gemini:\n      vertex: true\n      project: \"my-proj\"\n"
                           "      location: \"us-central1\"\n",
                           "    base_url: \"https://us-central1-aiplatform.googleapis.com\"\n",
                           "    azure:\n      api_version: \"2025-04-01-preview\"\n"
                           "      v1_routes: false\n      auth: bearer\n",
                           "    azure:\n      v1_routes: true\n      auth: api_key\n",
                           "    kind: bedrock\n    base_url: "
                           "\"https://bedrock-runtime.us-east-1.amazonaws.com\"\n    bedrock:\n",
                           "      region: \"us-east-1\"\n"
                           "      access_key_id: \"<redacted>\"\n"
                           "      secret_access_key: \"<redacted>\"\n"
                           "      session_token: \"<redacted>\"\n",
                           "    drop_unsupported: true\n    default_max_tokens: 2048\n",
                           "    drop_unsupported: false\n"
                           "    # default_max_tokens: the provider adapter's default\n"}) {
    EXPECT_NE(yaml.find(text), std::string::npos) << text << "\n" << yaml;
  }
  // Bedrock has no api_key, and sections of other kinds are never written.
  const auto bedrock = yaml.substr(yaml.find("- name: \"br\""));
  EXPECT_EQ(bedrock.substr(0, bedrock.find("timeouts")).find("api_key"), std::string::npos);
  EXPECT_EQ(yaml.find("    gemini:\n      vertex: false"), std::string::npos);
}

TEST_F(RedactedYamlTest, NewProviderKindsLoadBackToTheSameSettings) {
  env_.set("ANTHROPIC_KEY", "a");
  env_.set("VERTEX_TOKEN", "v");
  env_.set("AZURE_KEY", "z");
  env_.set("AWS_ACCESS_KEY_ID", "i");
  env_.set("AWS_SECRET_ACCESS_KEY", "s");
  auto original = parse_ok(kEveryKind, env_);
  const auto yaml = to_redacted_yaml(*original.config);
  auto reloaded = parse_ok(yaml);  // Secrets come back as the literal "<redacted>".
  const Config& a = *original.config;
  const Config& b = *reloaded.config;
  ASSERT_EQ(b.providers.size(), a.providers.size());
  for (std::size_t i = 0; i < a.providers.size(); ++i) {
    SCOPED_TRACE(a.providers[i].name);
    EXPECT_EQ(b.providers[i].kind, a.providers[i].kind);
    EXPECT_EQ(b.providers[i].base_url, a.providers[i].base_url);
    EXPECT_EQ(b.providers[i].anthropic.version, a.providers[i].anthropic.version);
    EXPECT_EQ(b.providers[i].gemini.vertex, a.providers[i].gemini.vertex);
    EXPECT_EQ(b.providers[i].gemini.project, a.providers[i].gemini.project);
    EXPECT_EQ(b.providers[i].gemini.location, a.providers[i].gemini.location);
    EXPECT_EQ(b.providers[i].azure.api_version, a.providers[i].azure.api_version);
    EXPECT_EQ(b.providers[i].azure.v1_routes, a.providers[i].azure.v1_routes);
    EXPECT_EQ(b.providers[i].azure.bearer_auth, a.providers[i].azure.bearer_auth);
    EXPECT_EQ(b.providers[i].bedrock.region, a.providers[i].bedrock.region);
  }
  EXPECT_EQ(b.providers[4].bedrock.session_token, "");
  EXPECT_NE(yaml.find("      # session_token: none\n"), std::string::npos) << yaml;
  EXPECT_TRUE(b.models[0].drop_unsupported);
  EXPECT_EQ(b.models[0].default_max_tokens, 2048);
  EXPECT_EQ(b.models[1].default_max_tokens, 0);
  EXPECT_EQ(to_redacted_yaml(b).substr(yaml.find('\n')), yaml.substr(yaml.find('\n')));
}

constexpr std::string_view kRedisSecret = "redis-DISTINCTIVE-pw-77aa";

constexpr std::string_view kGovernance = R"(
providers:
  - name: p
    kind: openai_compatible
    base_url: http://127.0.0.1:9/v1
    api_key: ${TEAM_KEY}
models:
  - name: m
    approval: required
    limits: {rpm: 100}
    deployments: [{provider: p, model: u}]
keys:
  - id: alice
    secret: ${TEAM_KEY}
    team: research
    role: team_admin
    limits: {rpm: 60, max_parallel: 4}
    model_limits: {tpm: 10000}
    budget: {amount: "25.5", period: day}
    expires: 2027-01-31T09:00:00+09:00
    tags: {owner: alice}
teams:
  - id: research
    models: [m]
    limits: {rpm: 600, tpm: 200000}
    budget: {amount: "500", period: month}
    tags: {cost_center: "R&D"}
limits: {tpm: 2000000}
auth:
  unauthenticated: {team: research}
state:
  spend_queue_size: 1000
  backend: redis
  redis:
    host: redis.internal
    port: 6380
    password: ${REDIS_PASSWORD}
    database: 2
    timeout: 20ms
    on_failure: fail_closed
    prefix: "{prod}"
pricing:
  litellm_cost_header: true
  stream_cost_comment: true
)";

TEST_F(RedactedYamlTest, GovernanceAndStateAreShownWithTheRedisPasswordRedacted) {
  env_.set("TEAM_KEY", std::string(kKeySecret));
  env_.set("REDIS_PASSWORD", std::string(kRedisSecret));
  auto result = parse_ok(kGovernance, env_);
  ASSERT_EQ(result.config->state.redis.password, kRedisSecret);
  const auto yaml = to_redacted_yaml(*result.config);
  EXPECT_EQ(yaml.find("DISTINCTIVE"), std::string::npos) << yaml;
  for (const char* text :
       {"    approval: required\n    limits: {rpm: 100}\n",
        "    team: \"research\"\n    role: team_admin\n    limits: {rpm: 60, max_parallel: 4}\n"
        "    model_limits: {tpm: 10000}\n    budget: {amount: \"25.5\", period: day}\n"
        "    expires: \"2027-01-31T00:00:00Z\"\n    tags:\n      \"owner\": \"alice\"\n",
        "teams:\n  - id: \"research\"\n    models:\n      - \"m\"\n"
        "    limits: {rpm: 600, tpm: 200000}\n    budget: {amount: \"500\", period: month}\n"
        "    tags:\n      \"cost_center\": \"R&D\"\n",
        "\nlimits: {tpm: 2000000}\n", "auth:\n  unauthenticated:\n    team: \"research\"\n",
        "state:\n  dir: \"\"\n  spend_queue_size: 1000\n  backend: redis\n  redis:\n"
        "    host: \"redis.internal\"\n    port: 6380\n    username: \"\"\n"
        "    password: \"<redacted>\"\n    database: 2\n    timeout: 20ms\n"
        "    connect_timeout: 1s\n    backoff_max: 2s\n    on_failure: fail_closed\n"
        "    prefix: \"{prod}\"\n    lease: 15m\n",
        "  litellm_cost_header: true\n  stream_cost_comment: true\n"}) {
    EXPECT_NE(yaml.find(text), std::string::npos) << text << "\n" << yaml;
  }
}

TEST_F(RedactedYamlTest, GovernanceLoadsBackToTheSameSettings) {
  env_.set("TEAM_KEY", "k");
  env_.set("REDIS_PASSWORD", "p");
  auto original = parse_ok(kGovernance, env_);
  const auto yaml = to_redacted_yaml(*original.config);
  auto reloaded = parse_ok(yaml);
  const Config& a = *original.config;
  const Config& b = *reloaded.config;
  EXPECT_EQ(b.models.at(0).limits, a.models.at(0).limits);
  EXPECT_EQ(b.models.at(0).approval_required, true);
  const KeyConfig& key = b.keys.at(0);
  EXPECT_EQ(key.team, "research");
  EXPECT_EQ(key.role, KeyRole::team_admin);
  EXPECT_EQ(key.limits, a.keys.at(0).limits);
  EXPECT_EQ(key.per_model_limits, a.keys.at(0).per_model_limits);
  EXPECT_EQ(key.budget, a.keys.at(0).budget);
  EXPECT_EQ(key.expires_at, a.keys.at(0).expires_at);
  EXPECT_EQ(key.tags, a.keys.at(0).tags);
  ASSERT_EQ(b.teams.size(), 1u);
  EXPECT_EQ(b.teams[0].allowed_models, a.teams[0].allowed_models);
  EXPECT_EQ(b.teams[0].limits, a.teams[0].limits);
  EXPECT_EQ(b.teams[0].budget, a.teams[0].budget);
  EXPECT_EQ(b.teams[0].tags, a.teams[0].tags);
  EXPECT_EQ(b.limits, a.limits);
  EXPECT_TRUE(b.unauthenticated.enabled);
  EXPECT_EQ(b.unauthenticated.team, "research");
  EXPECT_EQ(b.state.backend, StateBackend::redis);
  EXPECT_EQ(b.state.redis.host, a.state.redis.host);
  EXPECT_EQ(b.state.redis.port, a.state.redis.port);
  EXPECT_EQ(b.state.redis.database, a.state.redis.database);
  EXPECT_EQ(b.state.redis.timeout, a.state.redis.timeout);
  EXPECT_EQ(b.state.redis.on_failure, FailMode::closed);
  EXPECT_EQ(b.state.redis.prefix, "{prod}");
  EXPECT_EQ(b.state.redis.lease, a.state.redis.lease);
  EXPECT_TRUE(b.pricing.litellm_cost_header);
  EXPECT_TRUE(b.pricing.stream_cost_comment);
  EXPECT_EQ(to_redacted_yaml(b).substr(yaml.find('\n')), yaml.substr(yaml.find('\n')));
}

TEST_F(RedactedYamlTest, MemoryBackendAndNoGovernanceLoadBack) {
  auto original = parse_ok("");
  const auto yaml = to_redacted_yaml(*original.config);
  for (const char* text : {"teams: []\n", "\nlimits: {}\n", "auth: {}\n",
                           "  backend: memory\n  # redis: not used by the memory backend\n",
                           "  litellm_cost_header: false\n"}) {
    EXPECT_NE(yaml.find(text), std::string::npos) << text << "\n" << yaml;
  }
  auto reloaded = parse_ok(yaml);
  EXPECT_FALSE(testing::has_warning(reloaded, "state")) << reloaded.warnings.front();
  EXPECT_EQ(to_redacted_yaml(*reloaded.config).substr(yaml.find('\n')),
            yaml.substr(yaml.find('\n')));
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
