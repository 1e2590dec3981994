// Tests for src/config/provider_kind_section.cpp (the anthropic/gemini/azure/bedrock sections,
// Bedrock credentials and per-kind default base URLs), read through read_providers.
#include "config/provider_kind_section.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::find_issue;
using testing::read_document;

ProviderConfig read_one(std::string_view yaml, Diagnostics& diag, const FakeEnv& env = {}) {
  auto config = read_document(yaml, diag, env);
  if (config.providers.size() != 1) {
    ADD_FAILURE() << "expected one provider";
    return {};
  }
  return config.providers[0];
}

std::string messages(const Diagnostics& diag) {
  return testing::dump(diag.errors()) + testing::dump(diag.warnings());
}

TEST(ProviderKindSectionTest, AnthropicDefaultsAndVersion) {
  Diagnostics diag("f.yaml");
  FakeEnv env{{"ANTHROPIC_API_KEY", "sk-ant-1"}};
  auto p = read_one(R"(
providers:
  - name: claude
    kind: anthropic
    api_key: ${ANTHROPIC_API_KEY}
)",
                    diag, env);
  EXPECT_FALSE(diag.has_errors()) << messages(diag);
  EXPECT_EQ(p.kind, ProviderKind::anthropic);
  EXPECT_EQ(p.base_url, "https://api.anthropic.com");
  EXPECT_EQ(p.origin.host, "api.anthropic.com");
  EXPECT_EQ(p.origin.base_path, "");
  EXPECT_TRUE(p.origin.tls);
  EXPECT_EQ(p.anthropic.version, "2023-06-01");
  EXPECT_EQ(p.api_key, "sk-ant-1");
  EXPECT_TRUE(p.enabled);

  Diagnostics again("f.yaml");
  p = read_one(R"(
providers:
  - name: claude
    kind: anthropic
    base_url: https://llm-proxy.corp.example/anthropic/
    api_key: ${ANTHROPIC_API_KEY}
    anthropic: {version: "2024-01-01"}
)",
               again, env);
  EXPECT_FALSE(again.has_errors()) << messages(again);
  EXPECT_EQ(p.anthropic.version, "2024-01-01");
  EXPECT_EQ(p.origin.host, "llm-proxy.corp.example");
  EXPECT_EQ(p.origin.base_path, "/anthropic");  // Prepended to /v1/messages by the adapter.
}

TEST(ProviderKindSectionTest, GeminiApiAndVertexBaseUrls) {
  Diagnostics diag("f.yaml");
  auto p = read_one("providers: [{name: g, kind: gemini, api_key: k}]\n", diag);
  EXPECT_EQ(p.base_url, "https://generativelanguage.googleapis.com");
  EXPECT_FALSE(p.gemini.vertex);

  const std::pair<const char*, const char*> cases[] = {
      {"us-central1", "https://us-central1-aiplatform.googleapis.com"},
      {"global", "https://aiplatform.googleapis.com"},
      {"eu", "https://aiplatform.eu.rep.googleapis.com"},
  };
  for (const auto& [location, url] : cases) {
    Diagnostics vertex_diag("f.yaml");
    auto v = read_one(std::string(R"(
providers:
  - name: vertex
    kind: gemini
    api_key: token
    gemini:
      vertex: true
      project: my-project
      location: )") + location +
                          "\n",
                      vertex_diag);
    EXPECT_FALSE(vertex_diag.has_errors()) << messages(vertex_diag);
    EXPECT_TRUE(v.gemini.vertex);
    EXPECT_EQ(v.gemini.project, "my-project");
    EXPECT_EQ(v.gemini.location, location);
    EXPECT_EQ(v.base_url, url);
  }
}

TEST(ProviderKindSectionTest, GeminiProjectWithoutVertexIsAnError) {
  Diagnostics diag("f.yaml");
  read_one(R"(
providers:
  - name: g
    kind: gemini
    api_key: k
    gemini:
      project: p
      location: us-central1
)",
           diag);
  const auto* project = find_issue(diag.errors(), "providers[0].gemini.project");
  ASSERT_NE(project, nullptr) << messages(diag);
  EXPECT_EQ(project->line, 7);
  EXPECT_EQ(project->message, "is only used with vertex: true");
  const auto* location = find_issue(diag.errors(), "providers[0].gemini.location");
  ASSERT_NE(location, nullptr);
  EXPECT_EQ(location->line, 8);
}

TEST(ProviderKindSectionTest, AzureSettings) {
  Diagnostics diag("f.yaml");
  auto p = read_one(R"(
providers:
  - name: az
    kind: azure_openai
    base_url: https://my-resource.openai.azure.com
    api_key: k
)",
                    diag);
  EXPECT_FALSE(diag.has_errors()) << messages(diag);
  EXPECT_EQ(p.azure.api_version, "2024-10-21");
  EXPECT_FALSE(p.azure.v1_routes);
  EXPECT_FALSE(p.azure.bearer_auth);

  Diagnostics again("f.yaml");
  p = read_one(R"(
providers:
  - name: az
    kind: azure_openai
    base_url: https://my-resource.openai.azure.com
    api_key: k
    azure: {api_version: 2025-04-01-preview, auth: bearer}
)",
               again);
  EXPECT_FALSE(again.has_errors()) << messages(again);
  EXPECT_EQ(p.azure.api_version, "2025-04-01-preview");
  EXPECT_TRUE(p.azure.bearer_auth);
}

TEST(ProviderKindSectionTest, AzureBadAuthAndUnusedApiVersion) {
  Diagnostics diag("f.yaml");
  read_one(R"(
providers:
  - name: az
    kind: azure_openai
    base_url: https://my-resource.openai.azure.com
    api_key: k
    azure:
      v1_routes: true
      api_version: 2024-10-21
      auth: entra
)",
           diag);
  const auto* auth = find_issue(diag.errors(), "providers[0].azure.auth");
  ASSERT_NE(auth, nullptr) << messages(diag);
  EXPECT_EQ(auth->line, 10);
  EXPECT_EQ(auth->message, "must be one of: api_key, bearer");
  const auto* version = find_issue(diag.warnings(), "providers[0].azure.api_version");
  ASSERT_NE(version, nullptr) << messages(diag);
  EXPECT_EQ(version->line, 9);
}

TEST(ProviderKindSectionTest, AzureWithoutBaseUrlNamesTheResourceForm) {
  Diagnostics diag("f.yaml");
  read_one("\nproviders:\n  - name: az\n    kind: azure_openai\n    api_key: k\n", diag);
  const auto* issue = find_issue(diag.errors(), "providers[0].base_url");
  ASSERT_NE(issue, nullptr) << messages(diag);
  EXPECT_EQ(issue->line, 3);
  EXPECT_NE(issue->message.find("https://{resource}.openai.azure.com"), std::string::npos);
}

TEST(ProviderKindSectionTest, OpenAiKindsStillRequireBaseUrl) {
  Diagnostics diag("f.yaml");
  read_document(R"(
providers:
  - {name: a, kind: openai, api_key: k}
  - {name: b, kind: openai_compatible}
)",
                diag);
  const auto* a = find_issue(diag.errors(), "providers[0].base_url");
  ASSERT_NE(a, nullptr) << messages(diag);
  EXPECT_EQ(a->message, "is required");
  EXPECT_EQ(a->line, 3);
  EXPECT_NE(find_issue(diag.errors(), "providers[1].base_url"), nullptr);
}

TEST(ProviderKindSectionTest, BedrockCredentialsFromTheAwsEnvironmentByDefault) {
  Diagnostics diag("f.yaml");
  FakeEnv env{{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
              {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"},
              {"AWS_SESSION_TOKEN", "session-1"}};
  auto p = read_one(R"(
providers:
  - name: br
    kind: bedrock
    bedrock: {region: us-west-2}
)",
                    diag, env);
  EXPECT_FALSE(diag.has_errors()) << messages(diag);
  EXPECT_TRUE(diag.warnings().empty()) << messages(diag);
  EXPECT_TRUE(p.enabled);
  EXPECT_EQ(p.bedrock.region, "us-west-2");
  EXPECT_EQ(p.base_url, "https://bedrock-runtime.us-west-2.amazonaws.com");
  EXPECT_EQ(p.origin.host, "bedrock-runtime.us-west-2.amazonaws.com");
  EXPECT_EQ(p.bedrock.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(p.bedrock.secret_access_key, "wJalrXUtnFEMI");
  EXPECT_EQ(p.bedrock.session_token, "session-1");
  EXPECT_TRUE(p.api_key.empty());
}

TEST(ProviderKindSectionTest, BedrockWithoutAwsEnvironmentIsDisabled) {
  Diagnostics diag("f.yaml");
  auto p = read_one(R"(
providers:
  - name: br
    kind: bedrock
    bedrock:
      region: us-east-1
)",
                    diag, FakeEnv{{"AWS_SECRET_ACCESS_KEY", "s"}});
  EXPECT_FALSE(diag.has_errors()) << messages(diag);
  EXPECT_FALSE(p.enabled);
  EXPECT_EQ(p.disabled_reason, "environment variable AWS_ACCESS_KEY_ID is not set");
  ASSERT_EQ(diag.warnings().size(), 1u) << messages(diag);
  EXPECT_EQ(diag.warnings()[0].path, "providers[0].bedrock.access_key_id");
  EXPECT_EQ(diag.warnings()[0].line, 6);  // The section's first line: the key is not written.
  EXPECT_TRUE(p.bedrock.session_token.empty());
}

TEST(ProviderKindSectionTest, ExplicitBedrockCredentialsIgnoreTheAwsSessionToken) {
  Diagnostics diag("f.yaml");
  FakeEnv env{{"BR_ID", "AKID2"}, {"BR_SECRET", "s2"}, {"AWS_SESSION_TOKEN", "unrelated"}};
  auto p = read_one(R"(
providers:
  - name: br
    kind: bedrock
    bedrock:
      region: eu-central-1
      access_key_id: ${BR_ID}
      secret_access_key: ${BR_SECRET}
)",
                    diag, env);
  EXPECT_FALSE(diag.has_errors()) << messages(diag);
  EXPECT_TRUE(p.enabled);
  EXPECT_EQ(p.bedrock.access_key_id, "AKID2");
  EXPECT_EQ(p.bedrock.secret_access_key, "s2");
  EXPECT_EQ(p.bedrock.session_token, "");
}

TEST(ProviderKindSectionTest, BedrockSessionTokenFromMissingVariableDisables) {
  Diagnostics diag("f.yaml");
  FakeEnv env{{"BR_ID", "AKID2"}, {"BR_SECRET", "s2"}};
  auto p = read_one(R"(
providers:
  - name: br
    kind: bedrock
    bedrock:
      region: eu-central-1
      access_key_id: ${BR_ID}
      secret_access_key: ${BR_SECRET}
      session_token: ${BR_TOKEN}
)",
                    diag, env);
  EXPECT_FALSE(p.enabled);
  EXPECT_EQ(p.disabled_reason, "environment variable BR_TOKEN is not set");
  const auto* warning = find_issue(diag.warnings(), "providers[0].bedrock.session_token");
  ASSERT_NE(warning, nullptr) << messages(diag);
  EXPECT_EQ(warning->line, 9);
}

TEST(ProviderKindSectionTest, BedrockNeedsBothKeysOrNeither) {
  Diagnostics diag("f.yaml");
  read_one(R"(
providers:
  - name: br
    kind: bedrock
    bedrock:
      region: us-east-1
      access_key_id_file: /run/secrets/id
)",
           diag);
  const auto* issue = find_issue(diag.errors(), "providers[0].bedrock.secret_access_key");
  ASSERT_NE(issue, nullptr) << messages(diag);
  EXPECT_EQ(issue->line, 6);  // The section's first line.
  EXPECT_NE(issue->message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

TEST(ProviderKindSectionTest, ApiKeyOnBedrockIsAnError) {
  Diagnostics diag("f.yaml");
  read_one(R"(
providers:
  - name: br
    kind: bedrock
    api_key: ${KEY}
    api_key_file: key.txt
    bedrock: {region: us-east-1}
)",
           diag, FakeEnv{{"AWS_ACCESS_KEY_ID", "a"}, {"AWS_SECRET_ACCESS_KEY", "b"}});
  const auto* key = find_issue(diag.errors(), "providers[0].api_key");
  ASSERT_NE(key, nullptr) << messages(diag);
  EXPECT_EQ(key->line, 5);
  EXPECT_NE(key->message.find("bedrock.access_key_id"), std::string::npos);
  const auto* file = find_issue(diag.errors(), "providers[0].api_key_file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->line, 6);
}

TEST(ProviderKindSectionTest, SectionOfAnotherKindIsAnError) {
  Diagnostics diag("f.yaml");
  read_document(R"(
providers:
  - name: a
    kind: openai
    base_url: https://api.openai.com/v1
    api_key: k
    bedrock:
      region: us-east-1
  - name: b
    kind: anthropic
    api_key: k
    gemini: {vertex: true}
)",
                diag);
  const auto* bedrock = find_issue(diag.errors(), "providers[0].bedrock");
  ASSERT_NE(bedrock, nullptr) << messages(diag);
  EXPECT_EQ(bedrock->line, 8);  // The line of the section's first value.
  EXPECT_EQ(bedrock->message, "only applies to kind bedrock; this provider is kind openai");
  const auto* gemini = find_issue(diag.errors(), "providers[1].gemini");
  ASSERT_NE(gemini, nullptr);
  EXPECT_EQ(gemini->line, 12);
  EXPECT_NE(gemini->message.find("kind anthropic"), std::string::npos);
  EXPECT_EQ(diag.errors().size(), 2u) << messages(diag);
}

TEST(ProviderKindSectionTest, UnknownKeysInsideSections) {
  Diagnostics diag("f.yaml");
  read_document(R"(
providers:
  - name: a
    kind: anthropic
    api_key: k
    anthropic: {versoin: "2023-06-01"}
  - name: b
    kind: bedrock
    bedrock:
      region: us-east-1
      acess_key_id: x
)",
                diag, FakeEnv{{"AWS_ACCESS_KEY_ID", "a"}, {"AWS_SECRET_ACCESS_KEY", "b"}});
  const auto* version = find_issue(diag.errors(), "providers[0].anthropic.versoin");
  ASSERT_NE(version, nullptr) << messages(diag);
  EXPECT_EQ(version->line, 6);
  EXPECT_NE(version->message.find("did you mean \"version\""), std::string::npos);
  const auto* key = find_issue(diag.errors(), "providers[1].bedrock.acess_key_id");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->line, 11);
  EXPECT_NE(key->message.find("did you mean \"access_key_id\""), std::string::npos);
}

TEST(ProviderKindSectionTest, SectionMustBeAMapping) {
  Diagnostics diag("f.yaml");
  read_one("providers: [{name: a, kind: gemini, api_key: k, gemini: [vertex]}]\n", diag);
  const auto* issue = find_issue(diag.errors(), "providers[0].gemini");
  ASSERT_NE(issue, nullptr) << messages(diag);
  EXPECT_NE(issue->message.find("must be a mapping"), std::string::npos);
}

TEST(ProviderKindSectionTest, UnknownKindListsEveryKindAndSkipsSectionChecks) {
  Diagnostics diag("f.yaml");
  read_one(R"(
providers:
  - name: a
    kind: vertex
    gemini: {vertex: true}
)",
           diag);
  const auto* kind = find_issue(diag.errors(), "providers[0].kind");
  ASSERT_NE(kind, nullptr) << messages(diag);
  EXPECT_EQ(kind->message,
            "must be one of: openai, openai_compatible, anthropic, gemini, azure_openai, bedrock");
  EXPECT_EQ(diag.errors().size(), 1u) << messages(diag);
}

TEST(ProviderKindSectionTest, DefaultBaseUrlNeedsAValidRegionOrLocation) {
  ProviderConfig p;
  p.kind = ProviderKind::bedrock;
  EXPECT_EQ(default_base_url(p), std::nullopt);
  p.bedrock.region = "us-east-1/../x";
  EXPECT_EQ(default_base_url(p), std::nullopt);
  p.bedrock.region = "ap-southeast-2";
  EXPECT_EQ(default_base_url(p), "https://bedrock-runtime.ap-southeast-2.amazonaws.com");
  p.kind = ProviderKind::gemini;
  p.gemini.vertex = true;
  p.gemini.location = "Evil.com#";
  EXPECT_EQ(default_base_url(p), std::nullopt);
  for (auto kind :
       {ProviderKind::openai, ProviderKind::openai_compatible, ProviderKind::azure_openai}) {
    p.kind = kind;
    EXPECT_EQ(default_base_url(p), std::nullopt) << to_string(kind);
  }
}

TEST(ProviderKindSectionTest, RegionNames) {
  for (const char* good : {"us-east-1", "eu-central-1", "global", "us"}) {
    EXPECT_TRUE(is_region_name(good)) << good;
  }
  for (const char* bad : {"", "US-EAST-1", "us east", "-us", "us-", "us.east", "a/b"}) {
    EXPECT_FALSE(is_region_name(bad)) << bad;
  }
  EXPECT_FALSE(is_region_name(std::string(65, 'a')));
}

}  // namespace
}  // namespace llmgw::config
