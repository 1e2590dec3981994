// Tests for src/config/loader.cpp: parse_config and load_config end to end.
#include "llmgw/config/loader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "config/config_test_support.hpp"
#include "config/secrets.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::find_issue;
using testing::has_warning;
using testing::parse_errors;
using testing::parse_ok;
using testing::TempDir;

const std::string kDataDir = std::string(LLMGW_TEST_DATA_DIR) + "/config";

constexpr std::string_view kOneProvider = R"(
providers:
  - name: openai
    kind: openai
    base_url: https://api.openai.com/v1
    api_key: ${OPENAI_API_KEY}
models:
  - name: gpt-4o-mini
    deployments:
      - provider: openai
        model: gpt-4o-mini
)";

TEST(LoaderTest, EmptyFileGivesEveryDocumentedDefault) {
  auto result = parse_ok("");
  const Config& c = *result.config;
  EXPECT_EQ(c.source_file, "test.yaml");
  EXPECT_EQ(c.server.listen.host, "127.0.0.1");
  EXPECT_EQ(c.server.listen.port, 8080);
  EXPECT_EQ(c.server.workers, 0u);
  EXPECT_EQ(c.server.tls.cert_file, "");
  EXPECT_EQ(c.server.tls.key_file, "");
  EXPECT_FALSE(c.server.tls.enabled());
  EXPECT_EQ(c.server.limits.max_header_bytes, 16u * 1024);
  EXPECT_EQ(c.server.limits.max_body_bytes, 10u * 1024 * 1024);
  EXPECT_EQ(c.server.limits.max_connections, 10000u);
  EXPECT_EQ(c.server.timeouts.header_read, std::chrono::seconds(10));
  EXPECT_EQ(c.server.timeouts.body_read, std::chrono::seconds(30));
  EXPECT_EQ(c.server.timeouts.idle_keep_alive, std::chrono::seconds(60));
  EXPECT_EQ(c.server.timeouts.write, std::chrono::seconds(30));
  EXPECT_EQ(c.server.timeouts.drain, std::chrono::seconds(30));
  EXPECT_TRUE(c.providers.empty());
  EXPECT_TRUE(c.models.empty());
  EXPECT_TRUE(c.keys.empty());
  EXPECT_EQ(c.logging.level, "info");
  EXPECT_EQ(c.logging.format, LogFormat::json);
  EXPECT_TRUE(c.logging.access_log);
  EXPECT_EQ(c.logging.access_log_file, "");
  EXPECT_EQ(c.logging.queue_size, 8192u);
  EXPECT_TRUE(c.metrics.enabled);
  EXPECT_EQ(c.metrics.listen.host, "127.0.0.1");
  EXPECT_EQ(c.metrics.listen.port, 9464);
}

TEST(LoaderTest, ProviderModelAndKeyDefaults) {
  FakeEnv env{{"K", "s"}};
  auto result = parse_ok(R"(
providers: [{name: p, kind: openai_compatible, base_url: "http://127.0.0.1:1/v1"}]
models: [{name: m, deployments: [{provider: p, model: x}]}]
keys: [{id: k, secret: "${K}"}]
)",
                         env);
  const auto& p = result.config->providers.at(0);
  EXPECT_TRUE(p.enabled);
  EXPECT_TRUE(p.api_key.empty());
  EXPECT_TRUE(p.extra_headers.empty());
  EXPECT_TRUE(p.forward_headers.empty());
  EXPECT_TRUE(p.stream_usage);
  EXPECT_TRUE(p.verify_tls);
  EXPECT_EQ(p.max_response_bytes, 64u * 1024 * 1024);
  EXPECT_EQ(p.max_idle_connections, 64u);
  EXPECT_EQ(p.timeouts.connect, std::chrono::seconds(5));
  EXPECT_EQ(p.timeouts.first_byte, std::chrono::seconds(60));
  EXPECT_EQ(p.timeouts.idle, std::chrono::seconds(60));
  EXPECT_EQ(p.timeouts.total, std::chrono::minutes(10));
  const auto& m = result.config->models.at(0);
  EXPECT_EQ(m.owned_by, "llmgw");
  EXPECT_EQ(m.created, 0);
  EXPECT_EQ(m.deployments.at(0).provider_index, 0u);
  const auto& k = result.config->keys.at(0);
  EXPECT_TRUE(k.enabled);
  EXPECT_TRUE(k.allowed_models.empty());
  EXPECT_TRUE(result.warnings.empty());
  EXPECT_EQ(result.config->find_model("m"), &m);
  EXPECT_EQ(result.config->find_model("nope"), nullptr);
}

TEST(LoaderTest, FullFixtureReadsEveryKey) {
  FakeEnv env{{"FULL_OPENAI_KEY", "sk-o"}, {"FULL_TENANT_TOKEN", "t"}, {"FULL_TEAM_A_KEY", "a"}};
  const auto file = kDataDir + "/full.yaml";
  auto result = parse_config(testing::read_text(file), file, env.lookup());
  const Config& c = *result.config;
  EXPECT_EQ(c.server.listen.host, "::1");
  EXPECT_EQ(c.server.tls.cert_file, kDataDir + "/tls/cert.pem");
  EXPECT_EQ(c.server.timeouts.idle_keep_alive, std::chrono::minutes(2));
  EXPECT_EQ(c.providers.at(0).api_key, "sk-o");
  EXPECT_EQ(c.providers.at(1).origin.host, "::1");
  EXPECT_EQ(c.providers.at(1).origin.base_path, "/v1");
  EXPECT_EQ(c.models.at(0).deployments.at(1).provider_index, 1u);
  EXPECT_EQ(c.keys.at(0).allowed_models, std::vector<std::string>{"qwen"});
  EXPECT_EQ(c.logging.access_log_file, kDataDir + "/logs/access.log");
  EXPECT_FALSE(c.metrics.enabled);
  // The certificate files do not exist next to the fixture: warnings, not errors.
  EXPECT_TRUE(has_warning(result, "cert_file"));
  EXPECT_TRUE(has_warning(result, "key_file"));
}

TEST(LoaderTest, UnknownKeyIsAnErrorWithFileAndLine) {
  auto issues = parse_errors("server:\n  listen: \"127.0.0.1:8080\"\n  wrokers: 4\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].to_string(),
            "test.yaml:3: server.wrokers: unknown key; did you mean \"workers\"?");
}

TEST(LoaderTest, ReportsEveryErrorAtOnce) {
  const auto text = testing::read_text(kDataDir + "/many_errors.yaml");
  ASSERT_FALSE(text.empty());
  auto issues = parse_errors(text, {}, "many_errors.yaml");
  const std::pair<const char*, int> expected[] = {
      {"server.listen", 2},
      {"server.workers", 3},
      {"server.limits.max_body_bytes", 5},
      {"server.timeouts.drain", 7},
      {"providers[0].base_url", 12},
      {"providers[0].tiemouts", 14},
      {"models[0].deployments[0].provider", 19},
      {"keys[0].secret_sha256", 24},
  };
  for (const auto& [path, line] : expected) {
    const auto* issue = find_issue(issues, path);
    ASSERT_NE(issue, nullptr) << path << "\n" << testing::dump(issues);
    EXPECT_EQ(issue->line, line) << path;
    EXPECT_EQ(issue->file, "many_errors.yaml");
  }
  EXPECT_EQ(issues.size(), std::size(expected)) << testing::dump(issues);
}

TEST(LoaderTest, UnknownProviderErrorNamesTheDeploymentPath) {
  auto issues = parse_errors(R"(
providers: [{name: openai, kind: openai_compatible, base_url: "http://127.0.0.1/v1"}]
models:
  - name: m
    deployments:
      - provider: opnai
        model: x
)");
  ASSERT_EQ(issues.size(), 1u) << testing::dump(issues);
  EXPECT_EQ(issues[0].to_string(),
            "test.yaml:6: models[0].deployments[0].provider: unknown provider \"opnai\"");
}

TEST(LoaderTest, MissingEnvDisablesProviderAndWarnsWithoutSecrets) {
  FakeEnv env{{"SOME_OTHER_SECRET", "zz-very-secret-zz"}};
  auto result = parse_ok(kOneProvider, env);
  const auto& provider = result.config->providers.at(0);
  EXPECT_FALSE(provider.enabled);
  EXPECT_TRUE(provider.api_key.empty());
  ASSERT_TRUE(has_warning(result, "OPENAI_API_KEY")) << ::testing::PrintToString(result.warnings);
  EXPECT_TRUE(has_warning(result, "test.yaml:6: providers[0].api_key: "));
  EXPECT_FALSE(has_warning(result, "zz-very-secret-zz"));
  // Its only model stays listed, with a warning that requests get 503.
  EXPECT_NE(result.config->find_model("gpt-4o-mini"), nullptr);
  EXPECT_TRUE(has_warning(result, "503"));
}

TEST(LoaderTest, SetEnvEnablesProviderWithoutWarnings) {
  FakeEnv env{{"OPENAI_API_KEY", "sk-abc"}};
  auto result = parse_ok(kOneProvider, env);
  EXPECT_TRUE(result.config->providers.at(0).enabled);
  EXPECT_EQ(result.config->providers.at(0).api_key, "sk-abc");
  EXPECT_TRUE(result.warnings.empty()) << ::testing::PrintToString(result.warnings);
}

TEST(LoaderTest, LiteralProviderKeyWarnsWithoutValue) {
  std::string yaml(kOneProvider);
  yaml.replace(yaml.find("${OPENAI_API_KEY}"), 17, "sk-LITERAL-1234");
  auto result = parse_ok(yaml);
  EXPECT_EQ(result.config->providers.at(0).api_key, "sk-LITERAL-1234");
  EXPECT_TRUE(has_warning(result, "literal secret"));
  EXPECT_FALSE(has_warning(result, "LITERAL"));
}

TEST(LoaderTest, SecretFileResolvesRelativeToConfigFile) {
  TempDir dir;
  dir.write("secrets/dev.key", "sk-test\n");
  const auto config_file =
      dir.write("conf/llmgw.yaml", "keys:\n  - id: dev\n    secret_file: ../secrets/dev.key\n");
  const auto original_cwd = std::filesystem::current_path();
  std::filesystem::current_path("/");  // Resolution must not depend on the working directory.
  auto result = load_config(config_file);
  std::filesystem::current_path(original_cwd);
  const auto& key = result.config->keys.at(0);
  EXPECT_TRUE(key.enabled) << key.disabled_reason;
  EXPECT_EQ(key.secret_sha256, sha256("sk-test"));
}

TEST(LoaderTest, LoadConfigUsesTheProcessEnvironment) {
  TempDir dir;
  const auto file = dir.write("c.yaml", std::string(kOneProvider));
  ::setenv("OPENAI_API_KEY", "sk-from-process", 1);
  auto result = load_config(file);
  ::unsetenv("OPENAI_API_KEY");
  EXPECT_EQ(result.config->providers.at(0).api_key, "sk-from-process");
  EXPECT_EQ(result.config->source_file, file);
}

TEST(LoaderTest, UnreadableFileNamesTheFile) {
  TempDir dir;
  for (const auto& file : {(dir.path() / "missing.yaml").string(), dir.path().string()}) {
    try {
      load_config(file);
      FAIL() << "expected ConfigError for " << file;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("cannot read config"), std::string::npos);
    }
  }
}

TEST(LoaderTest, SyntaxErrorIsAConfigError) {
  auto issues = parse_errors("providers:\n  - name: [unclosed\n");
  ASSERT_FALSE(issues.empty());
  EXPECT_GT(issues[0].line, 0);
  EXPECT_NE(issues[0].message.find("invalid YAML"), std::string::npos);
}

TEST(LoaderTest, WarningsCarryFileAndLine) {
  auto result = parse_ok("keys:\n  - id: dev\n    secret: ${LLMGW_DEV_KEY}\n");
  EXPECT_FALSE(result.config->keys.at(0).enabled);
  EXPECT_TRUE(has_warning(result,
                          "test.yaml:3: keys[0].secret: environment variable "
                          "LLMGW_DEV_KEY is not set; key \"dev\" disabled"));
}

}  // namespace
}  // namespace llmgw::config
