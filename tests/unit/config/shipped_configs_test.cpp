// The shipped config/llmgw.yaml and every config/examples/*.yaml must load.
#include "llmgw/config/loader.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::has_warning;
using testing::read_text;
using testing::TempDir;

const std::filesystem::path kConfigDir =
    std::filesystem::path(LLMGW_TEST_DATA_DIR).parent_path().parent_path() / "config";

// Sets every ${VAR} the file mentions to a value that is easy to search for.
FakeEnv env_for(const std::string& text) {
  FakeEnv env;
  static const std::regex kReference(R"(\$\{([A-Za-z_][A-Za-z0-9_]*)\})");
  for (std::sregex_iterator it(text.begin(), text.end(), kReference), end; it != end; ++it) {
    env.set((*it)[1].str(), "fake-secret-value-" + (*it)[1].str());
  }
  return env;
}

LoadResult load(const std::filesystem::path& file, const FakeEnv& env) {
  return parse_config(read_text(file.string()), file.string(), env.lookup());
}

TEST(ShippedConfigsTest, DefaultConfigLoadsWithNoEnvironment) {
  auto result = load(kConfigDir / "llmgw.yaml", FakeEnv{});
  const Config& c = *result.config;
  EXPECT_EQ(c.server.listen.host, "127.0.0.1");
  EXPECT_EQ(c.server.listen.port, 8080);
  EXPECT_EQ(c.metrics.listen.port, 9464);
  ASSERT_EQ(c.providers.size(), 2u);
  EXPECT_EQ(c.providers[0].name, "openai");
  EXPECT_EQ(c.providers[0].kind, ProviderKind::openai);
  EXPECT_EQ(c.providers[0].origin.host, "api.openai.com");
  EXPECT_FALSE(c.providers[0].enabled);
  EXPECT_EQ(c.providers[1].name, "local");
  EXPECT_EQ(c.providers[1].kind, ProviderKind::openai_compatible);
  EXPECT_EQ(c.providers[1].origin.port, 11434);
  EXPECT_TRUE(c.providers[1].enabled);
  EXPECT_TRUE(c.providers[1].api_key.empty());
  ASSERT_NE(c.find_model("gpt-4o-mini"), nullptr);
  EXPECT_EQ(c.find_model("gpt-4o-mini")->deployments.at(0).provider, "openai");
  ASSERT_NE(c.find_model("llama3.2"), nullptr);
  EXPECT_EQ(c.find_model("llama3.2")->deployments.at(0).provider, "local");
  ASSERT_EQ(c.keys.size(), 1u);
  EXPECT_EQ(c.keys[0].id, "dev");
  EXPECT_FALSE(c.keys[0].enabled);
  EXPECT_TRUE(has_warning(result, "OPENAI_API_KEY"));
  EXPECT_TRUE(has_warning(result, "LLMGW_DEV_KEY"));
}

TEST(ShippedConfigsTest, DefaultConfigWithEnvironmentEnablesEverything) {
  const auto file = kConfigDir / "llmgw.yaml";
  auto result = load(file, env_for(read_text(file.string())));
  for (const auto& provider : result.config->providers) EXPECT_TRUE(provider.enabled);
  EXPECT_TRUE(result.config->keys.at(0).enabled);
  EXPECT_TRUE(result.warnings.empty()) << ::testing::PrintToString(result.warnings);
}

TEST(ShippedConfigsTest, EveryExampleLoads) {
  std::set<std::string> seen;
  for (const auto& entry : std::filesystem::directory_iterator(kConfigDir / "examples")) {
    if (entry.path().extension() != ".yaml") continue;
    seen.insert(entry.path().filename().string());
    const auto text = read_text(entry.path().string());
    SCOPED_TRACE(entry.path().string());
    try {
      auto result = load(entry.path(), env_for(text));
      EXPECT_FALSE(result.config->models.empty());
      EXPECT_FALSE(has_warning(result, "is not set")) << ::testing::PrintToString(result.warnings);
      const auto yaml = to_redacted_yaml(*result.config);
      EXPECT_EQ(yaml.find("fake-secret-value"), std::string::npos) << yaml;
    } catch (const ConfigError& e) {
      ADD_FAILURE() << e.what();
    }
  }
  for (const char* required :
       {"tls.yaml", "vllm.yaml", "multi-provider.yaml", "anthropic.yaml", "gemini.yaml",
        "azure.yaml", "bedrock.yaml", "mixed-providers.yaml"}) {
    EXPECT_TRUE(seen.contains(required)) << required;
  }
}

TEST(ShippedConfigsTest, MultiProviderExampleHasTheHostedProviders) {
  const auto file = kConfigDir / "examples" / "multi-provider.yaml";
  auto result = load(file, env_for(read_text(file.string())));
  std::set<std::string> names;
  for (const auto& provider : result.config->providers) {
    EXPECT_EQ(provider.kind, ProviderKind::openai_compatible) << provider.name;
    EXPECT_TRUE(provider.origin.tls) << provider.name;
    names.insert(provider.name);
  }
  EXPECT_EQ(names,
            (std::set<std::string>{"groq", "deepseek", "openrouter", "together", "mistral"}));
}

const Config& example(const std::string& name, LoadResult& holder) {
  const auto file = kConfigDir / "examples" / name;
  holder = load(file, env_for(read_text(file.string())));
  return *holder.config;
}

TEST(ShippedConfigsTest, AnthropicExample) {
  LoadResult result;
  const auto& c = example("anthropic.yaml", result);
  ASSERT_EQ(c.providers.size(), 1u);
  EXPECT_EQ(c.providers[0].kind, ProviderKind::anthropic);
  EXPECT_EQ(c.providers[0].origin.host, "api.anthropic.com");
  EXPECT_EQ(c.providers[0].anthropic.version, "2023-06-01");
  EXPECT_TRUE(c.providers[0].enabled);
  ASSERT_NE(c.find_model("claude-sonnet"), nullptr);
  EXPECT_EQ(c.find_model("claude-sonnet")->default_max_tokens, 8192);
  EXPECT_TRUE(c.find_model("claude-sonnet")->drop_unsupported);
}

TEST(ShippedConfigsTest, GeminiExampleAndItsVertexVariant) {
  LoadResult result;
  const auto& c = example("gemini.yaml", result);
  ASSERT_EQ(c.providers.size(), 1u);
  EXPECT_EQ(c.providers[0].kind, ProviderKind::gemini);
  EXPECT_EQ(c.providers[0].origin.host, "generativelanguage.googleapis.com");
  EXPECT_FALSE(c.providers[0].gemini.vertex);

  // The commented-out Vertex provider must load too once uncommented.
  auto text = read_text((kConfigDir / "examples" / "gemini.yaml").string());
  const auto start = text.find("  # - name: vertex");
  ASSERT_NE(start, std::string::npos);
  const auto end = text.find("\n\n", start);
  // Uncomment line by line: "  # x" -> "  x", keeping nested comments as comments.
  std::string block;
  std::istringstream lines(text.substr(start, end - start));
  for (std::string line; std::getline(lines, line);) {
    ASSERT_EQ(line.rfind("  # ", 0), 0u) << line;
    block += "  " + line.substr(4) + "\n";
  }
  TempDir dir;
  dir.write("vertex-token", "ya29.token\n");
  const auto file = dir.write("vertex.yaml", "providers:\n" + block + "\n" + R"(
models:
  - name: gemini-flash
    deployments: [{provider: vertex, model: gemini-2.5-flash}]
)");
  // api_key_file is absolute in the example; point it at the scratch file.
  auto yaml = read_text(file);
  yaml.replace(yaml.find("/run/secrets/vertex-token"), 25, dir.path().string() + "/vertex-token");
  auto vertex = parse_config(yaml, file, FakeEnv{}.lookup());
  const auto& p = vertex.config->providers.at(0);
  EXPECT_TRUE(p.gemini.vertex);
  EXPECT_EQ(p.gemini.project, "my-gcp-project");
  EXPECT_EQ(p.gemini.location, "us-central1");
  EXPECT_EQ(p.origin.host, "us-central1-aiplatform.googleapis.com");
  EXPECT_EQ(p.api_key, "ya29.token");
  EXPECT_TRUE(p.enabled);
}

TEST(ShippedConfigsTest, AzureExample) {
  LoadResult result;
  const auto& c = example("azure.yaml", result);
  ASSERT_EQ(c.providers.size(), 2u);
  for (const auto& p : c.providers) EXPECT_EQ(p.kind, ProviderKind::azure_openai);
  EXPECT_FALSE(c.providers[0].azure.v1_routes);
  EXPECT_EQ(c.providers[0].azure.api_version, "2024-10-21");
  EXPECT_FALSE(c.providers[0].azure.bearer_auth);
  EXPECT_TRUE(c.providers[1].azure.v1_routes);
  EXPECT_TRUE(c.providers[1].azure.bearer_auth);
  EXPECT_EQ(c.providers[1].origin.base_path, "");
}

TEST(ShippedConfigsTest, BedrockExampleUsesTheAwsEnvironment) {
  LoadResult result;
  const auto& c = example("bedrock.yaml", result);
  ASSERT_EQ(c.providers.size(), 2u);
  const auto& us = c.providers[0];
  EXPECT_EQ(us.kind, ProviderKind::bedrock);
  EXPECT_EQ(us.origin.host, "bedrock-runtime.us-east-1.amazonaws.com");
  EXPECT_EQ(us.bedrock.access_key_id, "fake-secret-value-AWS_ACCESS_KEY_ID");
  EXPECT_EQ(us.bedrock.session_token, "fake-secret-value-AWS_SESSION_TOKEN");
  const auto& eu = c.providers[1];
  EXPECT_EQ(eu.bedrock.access_key_id, "fake-secret-value-BEDROCK_EU_ACCESS_KEY_ID");
  EXPECT_EQ(eu.bedrock.session_token, "");  // Explicit keys never pick up AWS_SESSION_TOKEN.

  // Without the environment both are disabled, and the warning names the variable.
  auto bare = load(kConfigDir / "examples" / "bedrock.yaml", FakeEnv{});
  for (const auto& p : bare.config->providers) EXPECT_FALSE(p.enabled) << p.name;
  EXPECT_TRUE(has_warning(bare, "AWS_ACCESS_KEY_ID"));
}

TEST(ShippedConfigsTest, MixedExampleHasEveryKind) {
  LoadResult result;
  const auto& c = example("mixed-providers.yaml", result);
  std::set<ProviderKind> kinds;
  for (const auto& p : c.providers) {
    EXPECT_TRUE(p.enabled) << p.name;
    kinds.insert(p.kind);
  }
  EXPECT_EQ(kinds, (std::set<ProviderKind>{ProviderKind::openai, ProviderKind::azure_openai,
                                           ProviderKind::anthropic, ProviderKind::gemini,
                                           ProviderKind::bedrock}));
}

}  // namespace
}  // namespace llmgw::config
