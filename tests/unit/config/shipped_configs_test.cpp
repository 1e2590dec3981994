// The shipped config/llmgw.yaml and every config/examples/*.yaml must load.
#include "llmgw/config/loader.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::has_warning;
using testing::read_text;

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
  for (const char* required : {"tls.yaml", "vllm.yaml", "multi-provider.yaml"}) {
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

}  // namespace
}  // namespace llmgw::config
