// Tests for src/config/provider_section.cpp (read_providers).
#include "config/sections.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::find_issue;
using testing::read_document;

TEST(ProviderSectionTest, ReadsEveryKey) {
  FakeEnv env{{"KEY", "sk-1"}, {"TITLE", "my-app"}};
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
providers:
  - name: router
    kind: openai_compatible
    base_url: https://openrouter.ai/api/v1/
    api_key: ${KEY}
    headers: {X-Title: "${TITLE} via llmgw", HTTP-Referer: https://example.com}
    forward_headers: [X-Trace]
    stream_usage: false
    verify_tls: false
    max_response_bytes: 1MiB
    max_idle_connections: 8
    timeouts: {connect: 1s, first_byte: 2s, idle: 3s, total: 4s}
)",
                              diag, env);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(config.providers.size(), 1u);
  const auto& p = config.providers[0];
  EXPECT_EQ(p.name, "router");
  EXPECT_EQ(p.kind, ProviderKind::openai_compatible);
  EXPECT_EQ(p.base_url, "https://openrouter.ai/api/v1/");
  EXPECT_EQ(p.origin.host, "openrouter.ai");
  EXPECT_EQ(p.origin.base_path, "/api/v1");
  EXPECT_EQ(p.api_key, "sk-1");
  EXPECT_TRUE(p.enabled);
  using Header = std::pair<std::string, std::string>;
  EXPECT_EQ(p.extra_headers, (std::vector<Header>{{"X-Title", "my-app via llmgw"},
                                                  {"HTTP-Referer", "https://example.com"}}));
  EXPECT_EQ(p.secret_headers, std::vector<std::string>{"X-Title"});
  EXPECT_EQ(p.forward_headers, std::vector<std::string>{"X-Trace"});
  EXPECT_FALSE(p.stream_usage);
  EXPECT_FALSE(p.verify_tls);
  EXPECT_EQ(p.max_response_bytes, 1u << 20);
  EXPECT_EQ(p.max_idle_connections, 8u);
  EXPECT_EQ(p.timeouts.connect, Millis(1000));
  EXPECT_EQ(p.timeouts.first_byte, Millis(2000));
  EXPECT_EQ(p.timeouts.idle, Millis(3000));
  EXPECT_EQ(p.timeouts.total, Millis(4000));
}

TEST(ProviderSectionTest, MissingHeaderVariableDisablesProvider) {
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
providers:
  - name: helicone
    kind: openai_compatible
    base_url: https://oai.helicone.ai/v1
    headers:
      Helicone-Auth: "Bearer ${HELICONE_API_KEY}"
)",
                              diag);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(config.providers.size(), 1u);
  EXPECT_FALSE(config.providers[0].enabled);
  EXPECT_NE(config.providers[0].disabled_reason.find("HELICONE_API_KEY"), std::string::npos);
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_EQ(diag.warnings()[0].path, "providers[0].headers.Helicone-Auth");
  EXPECT_EQ(diag.warnings()[0].line, 7);
}

TEST(ProviderSectionTest, RequiredFieldsAndBadUrl) {
  Diagnostics diag("f.yaml");
  read_document(R"(
providers:
  - base_url: "https://h/v1?x=1"
  - name: b
    kind: azure
    base_url: https://h/v1
  - just-a-string
)",
                diag);
  EXPECT_NE(find_issue(diag.errors(), "providers[0].name"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "providers[0].kind"), nullptr);
  const auto* url = find_issue(diag.errors(), "providers[0].base_url");
  ASSERT_NE(url, nullptr);
  EXPECT_EQ(url->line, 3);
  EXPECT_NE(url->message.find("query"), std::string::npos);
  const auto* kind = find_issue(diag.errors(), "providers[1].kind");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->message,
            "must be one of: openai, openai_compatible, anthropic, gemini, azure_openai, bedrock");
  const auto* shape = find_issue(diag.errors(), "providers[2]");
  ASSERT_NE(shape, nullptr);
  EXPECT_EQ(shape->line, 7);
}

TEST(ProviderSectionTest, MalformedHeaderReferenceIsAnError) {
  Diagnostics diag("f.yaml");
  read_document(R"(
providers:
  - name: a
    kind: openai_compatible
    base_url: http://127.0.0.1/v1
    headers: {X-A: "${BROKEN", X-B: [list]}
)",
                diag);
  EXPECT_NE(find_issue(diag.errors(), "providers[0].headers.X-A"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "providers[0].headers.X-B"), nullptr);
}

TEST(ProviderSectionTest, UnknownKeyInProviderTimeouts) {
  Diagnostics diag("f.yaml");
  read_document(R"(
providers:
  - name: a
    kind: openai_compatible
    base_url: http://127.0.0.1/v1
    timeouts:
      conect: 1s
)",
                diag);
  const auto* issue = find_issue(diag.errors(), "providers[0].timeouts.conect");
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->line, 7);
  EXPECT_NE(issue->message.find("did you mean \"connect\""), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
