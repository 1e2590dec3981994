// Tests for src/config/validate_provider_kind.cpp (validate_provider_kind,
// gateway_owned_header), on structs built in code and through parse_config for file:line.
#include "config/validate.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;
using testing::parse_errors;

ProviderConfig provider_of(ProviderKind kind) {
  ProviderConfig p;
  p.name = "p";
  p.kind = kind;
  p.api_key = "k";
  p.origin = {true, "example.com", 443, ""};
  return p;
}

std::vector<ConfigIssue> errors_of(const ProviderConfig& p) {
  Diagnostics diag("f.yaml");
  validate_provider_kind(p, "providers[0]", diag);
  return diag.errors();
}

TEST(ValidateProviderKindTest, DefaultsOfEveryKindAreValidExceptRequiredSettings) {
  for (auto kind : {ProviderKind::openai, ProviderKind::openai_compatible, ProviderKind::anthropic,
                    ProviderKind::gemini, ProviderKind::azure_openai}) {
    EXPECT_TRUE(errors_of(provider_of(kind)).empty()) << to_string(kind);
  }
  auto bedrock = provider_of(ProviderKind::bedrock);
  EXPECT_NE(find_issue(errors_of(bedrock), "providers[0].bedrock.region"), nullptr);
  bedrock.bedrock.region = "us-east-1";
  EXPECT_TRUE(errors_of(bedrock).empty());
}

TEST(ValidateProviderKindTest, VertexNeedsProjectAndLocation) {
  auto p = provider_of(ProviderKind::gemini);
  p.gemini.vertex = true;
  auto errors = errors_of(p);
  EXPECT_NE(find_issue(errors, "providers[0].gemini.project"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].gemini.location"), nullptr);
  p.gemini.project = "my project/..";
  p.gemini.location = "US_CENTRAL1";
  errors = errors_of(p);
  EXPECT_NE(find_issue(errors, "providers[0].gemini.project"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].gemini.location"), nullptr);
  p.gemini.project = "example.com:my-project";
  p.gemini.location = "europe-west4";
  EXPECT_TRUE(errors_of(p).empty());
}

TEST(ValidateProviderKindTest, SettingsThatReachHeadersOrUrlsAreChecked) {
  auto anthropic = provider_of(ProviderKind::anthropic);
  anthropic.anthropic.version = "2023-06-01\r\nX-Injected: 1";
  EXPECT_NE(find_issue(errors_of(anthropic), "providers[0].anthropic.version"), nullptr);
  anthropic.anthropic.version = "";
  EXPECT_NE(find_issue(errors_of(anthropic), "providers[0].anthropic.version"), nullptr);

  auto azure = provider_of(ProviderKind::azure_openai);
  azure.azure.api_version = "2024-10-21&x=1";
  EXPECT_NE(find_issue(errors_of(azure), "providers[0].azure.api_version"), nullptr);
  azure.azure.api_version = "";
  EXPECT_NE(find_issue(errors_of(azure), "providers[0].azure.api_version"), nullptr);
  azure.azure.v1_routes = true;  // The v1 API takes no api-version.
  EXPECT_TRUE(errors_of(azure).empty());

  auto bedrock = provider_of(ProviderKind::bedrock);
  bedrock.bedrock.region = "us-east-1.evil.com";
  EXPECT_NE(find_issue(errors_of(bedrock), "providers[0].bedrock.region"), nullptr);
}

TEST(ValidateProviderKindTest, BasePathThatRepeatsTheApiPrefixIsRejected) {
  const std::pair<ProviderKind, const char*> bad[] = {
      {ProviderKind::anthropic, "/v1"},
      {ProviderKind::anthropic, "/proxy/v1/messages"},
      {ProviderKind::gemini, "/v1beta"},
      {ProviderKind::gemini, "/v1beta/models"},
      {ProviderKind::azure_openai, "/openai"},
      {ProviderKind::azure_openai, "/openai/v1"},
      {ProviderKind::azure_openai, "/openai/deployments/gpt-4o"},
      {ProviderKind::bedrock, "/model"},
  };
  for (const auto& [kind, path] : bad) {
    auto p = provider_of(kind);
    p.bedrock.region = "us-east-1";
    p.origin.base_path = path;
    EXPECT_NE(find_issue(errors_of(p), "providers[0].base_url"), nullptr)
        << to_string(kind) << " " << path;
  }
  const std::pair<ProviderKind, const char*> good[] = {
      {ProviderKind::anthropic, "/anthropic"}, {ProviderKind::gemini, "/google"},
      {ProviderKind::azure_openai, "/azure"},  {ProviderKind::bedrock, "/aws"},
      {ProviderKind::openai, "/v1"},
  };
  for (const auto& [kind, path] : good) {
    auto p = provider_of(kind);
    p.bedrock.region = "us-east-1";
    p.origin.base_path = path;
    EXPECT_TRUE(errors_of(p).empty()) << to_string(kind) << " " << path;
  }
}

TEST(ValidateProviderKindTest, HeadersTheAdapterSetsAreRefused) {
  auto anthropic = provider_of(ProviderKind::anthropic);
  EXPECT_TRUE(gateway_owned_header(anthropic, "X-Api-Key"));
  EXPECT_TRUE(gateway_owned_header(anthropic, "anthropic-version"));
  EXPECT_FALSE(gateway_owned_header(anthropic, "anthropic-beta"));

  auto gemini = provider_of(ProviderKind::gemini);
  EXPECT_TRUE(gateway_owned_header(gemini, "x-goog-api-key"));
  EXPECT_FALSE(gateway_owned_header(gemini, "Authorization"));
  gemini.gemini.vertex = true;
  EXPECT_TRUE(gateway_owned_header(gemini, "Authorization"));

  auto azure = provider_of(ProviderKind::azure_openai);
  EXPECT_TRUE(gateway_owned_header(azure, "Api-Key"));
  EXPECT_FALSE(gateway_owned_header(azure, "Authorization"));
  azure.azure.bearer_auth = true;
  EXPECT_TRUE(gateway_owned_header(azure, "Authorization"));

  auto bedrock = provider_of(ProviderKind::bedrock);
  for (const char* name :
       {"Authorization", "X-Amz-Date", "x-amz-security-token", "X-Amz-Content-Sha256"}) {
    EXPECT_TRUE(gateway_owned_header(bedrock, name)) << name;
  }
  EXPECT_FALSE(gateway_owned_header(bedrock, "X-Amzn-Trace-Id"));

  auto compatible = provider_of(ProviderKind::openai_compatible);
  compatible.api_key.clear();
  EXPECT_FALSE(gateway_owned_header(compatible, "Authorization"));
  compatible.api_key = "k";
  EXPECT_TRUE(gateway_owned_header(compatible, "authorization"));
}

TEST(ValidateProviderKindTest, ErrorsCarryFileLineAndPath) {
  auto issues = parse_errors(R"(
providers:
  - name: vertex
    kind: gemini
    api_key: token
    gemini:
      vertex: true
      location: us-central1
  - name: claude
    kind: anthropic
    base_url: https://api.anthropic.com/v1
    api_key: k
    headers: {x-api-key: other}
  - name: br
    kind: bedrock
    bedrock:
      region: US-EAST-1
      access_key_id: a
      secret_access_key: b
models:
  - name: m
    default_max_tokens: 0
    deployments: [{provider: claude, model: claude-sonnet-4-5}]
)");
  const auto* project = find_issue(issues, "providers[0].gemini.project");
  ASSERT_NE(project, nullptr) << testing::dump(issues);
  EXPECT_EQ(project->to_string(),
            "test.yaml:7: providers[0].gemini.project: is required with "
            "vertex: true");
  const auto* base = find_issue(issues, "providers[1].base_url");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->line, 11);
  const auto* header = find_issue(issues, "providers[1].headers.x-api-key");
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->line, 13);
  EXPECT_EQ(header->message, "conflicts with api_key, which is sent as x-api-key");
  const auto* region = find_issue(issues, "providers[2].bedrock.region");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->line, 17);
  const auto* tokens = find_issue(issues, "models[0].default_max_tokens");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ(tokens->line, 22);
}

}  // namespace
}  // namespace llmgw::config
