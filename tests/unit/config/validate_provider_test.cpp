// Tests for src/config/validate_provider.cpp.
#include "config/validate.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;

ProviderConfig valid_provider() {
  ProviderConfig p;
  p.name = "openai";
  p.kind = ProviderKind::openai;
  p.base_url = "https://api.openai.com/v1";
  p.origin = {true, "api.openai.com", 443, "/v1"};
  p.api_key = "sk-x";
  return p;
}

std::vector<ConfigIssue> errors_of(const ProviderConfig& p, Diagnostics& diag) {
  validate_provider(p, "providers[0]", diag);
  return diag.errors();
}

TEST(ValidateProviderTest, ValidProviderHasNoIssues) {
  Diagnostics diag("f.yaml");
  EXPECT_TRUE(errors_of(valid_provider(), diag).empty());
  EXPECT_TRUE(diag.warnings().empty());
}

TEST(ValidateProviderTest, NameSyntax) {
  for (const char* bad : {"open ai", "a/b", "ключ", "a:b"}) {
    auto p = valid_provider();
    p.name = bad;
    Diagnostics diag("f.yaml");
    EXPECT_NE(find_issue(errors_of(p, diag), "providers[0].name"), nullptr) << bad;
  }
}

TEST(ValidateProviderTest, LimitsAndTimeouts) {
  auto p = valid_provider();
  p.max_response_bytes = 10;
  p.max_idle_connections = 10'001;
  p.timeouts.idle = Millis(0);
  p.timeouts.connect = std::chrono::hours(1);
  p.timeouts.total = std::chrono::minutes(30);
  Diagnostics diag("f.yaml");
  auto errors = errors_of(p, diag);
  EXPECT_NE(find_issue(errors, "providers[0].max_response_bytes"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].max_idle_connections"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].timeouts.idle"), nullptr);
  // The cross-check only runs once every timeout is in range on its own.
  EXPECT_EQ(find_issue(errors, "providers[0].timeouts.connect"), nullptr);

  p.timeouts.idle = Millis(1);
  Diagnostics again("f.yaml");
  const auto again_errors = errors_of(p, again);
  const auto* connect = find_issue(again_errors, "providers[0].timeouts.connect");
  ASSERT_NE(connect, nullptr);
  EXPECT_EQ(connect->message, "must not be longer than total");
}

TEST(ValidateProviderTest, ExtraHeaders) {
  auto p = valid_provider();
  p.extra_headers = {{"Bad Name", "x"},      {"Content-Length", "1"}, {"Authorization", "b"},
                     {"X-Inject", "a\r\nb"}, {"X-Dup", "1"},          {"x-dup", "2"}};
  Diagnostics diag("f.yaml");
  auto errors = errors_of(p, diag);
  EXPECT_NE(find_issue(errors, "providers[0].headers.Bad Name"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].headers.Content-Length"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].headers.Authorization"), nullptr);
  const auto* inject = find_issue(errors, "providers[0].headers.X-Inject");
  ASSERT_NE(inject, nullptr);
  EXPECT_EQ(inject->message.find("a\r\nb"), std::string::npos);
  EXPECT_NE(find_issue(errors, "providers[0].headers.x-dup"), nullptr);
  EXPECT_EQ(find_issue(errors, "providers[0].headers.X-Dup"), nullptr);
}

TEST(ValidateProviderTest, AuthorizationHeaderIsFineWithoutApiKey) {
  auto p = valid_provider();
  p.kind = ProviderKind::openai_compatible;
  p.api_key.clear();
  p.extra_headers = {{"Authorization", "Basic abc"}};
  Diagnostics diag("f.yaml");
  EXPECT_TRUE(errors_of(p, diag).empty());
}

TEST(ValidateProviderTest, ForwardHeadersMayNotLeakCredentials) {
  auto p = valid_provider();
  p.forward_headers = {"X-Ok", "authorization", "X-Api-Key", "Host", "bad header"};
  Diagnostics diag("f.yaml");
  auto errors = errors_of(p, diag);
  EXPECT_EQ(find_issue(errors, "providers[0].forward_headers[0]"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].forward_headers[1]"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].forward_headers[2]"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].forward_headers[3]"), nullptr);
  EXPECT_NE(find_issue(errors, "providers[0].forward_headers[4]"), nullptr);
}

TEST(ValidateProviderTest, InsecureSetupsAreWarnings) {
  auto plain = valid_provider();
  plain.origin = {false, "10.1.2.3", 80, "/v1"};
  Diagnostics diag("f.yaml");
  validate_provider(plain, "providers[0]", diag);
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_EQ(diag.warnings()[0].path, "providers[0].base_url");

  auto loopback = plain;
  loopback.origin.host = "127.0.0.1";
  Diagnostics local("f.yaml");
  validate_provider(loopback, "providers[0]", local);
  EXPECT_TRUE(local.warnings().empty());

  auto unverified = valid_provider();
  unverified.verify_tls = false;
  Diagnostics tls("f.yaml");
  validate_provider(unverified, "providers[0]", tls);
  ASSERT_EQ(tls.warnings().size(), 1u);
  EXPECT_EQ(tls.warnings()[0].path, "providers[0].verify_tls");
}

TEST(ValidateProviderTest, HeaderNameSyntax) {
  EXPECT_TRUE(is_header_name("X-Title"));
  EXPECT_TRUE(is_header_name("HTTP-Referer"));
  EXPECT_TRUE(is_header_name("x!#$%&'*+.^_`|~1"));
  EXPECT_FALSE(is_header_name(""));
  EXPECT_FALSE(is_header_name("X Title"));
  EXPECT_FALSE(is_header_name("X:Title"));
  EXPECT_FALSE(is_header_name("X\nTitle"));
}

}  // namespace
}  // namespace llmgw::config
