#include "providers/anthropic/headers.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::anthropic {
namespace {

config::ProviderConfig provider() {
  config::ProviderConfig p;
  p.name = "claude";
  p.kind = config::ProviderKind::anthropic;
  p.api_key = "sk-ant-secret";
  return p;
}

std::size_t count(const Headers& headers, std::string_view name) {
  std::size_t n = 0;
  for (const auto& header : headers) n += iequals(header.first, name) ? 1 : 0;
  return n;
}

TEST(AnthropicHeadersTest, GatewaySetsAuthVersionAndContentHeaders) {
  auto headers = build_headers(provider(), {}, /*stream=*/false);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(*headers, (Headers{{"x-api-key", "sk-ant-secret"},
                               {"anthropic-version", "2023-06-01"},
                               {"content-type", "application/json"},
                               {"accept", "application/json"}}));
}

TEST(AnthropicHeadersTest, StreamingAcceptsEventStream) {
  auto headers = build_headers(provider(), {}, /*stream=*/true);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(find_header(*headers, "accept"), "text/event-stream");
}

TEST(AnthropicHeadersTest, ConfiguredVersionAndExtraHeaders) {
  auto p = provider();
  p.anthropic.version = "2099-01-01";
  p.extra_headers = {{"X-Team", "a"}, {"Anthropic-Version", "override"}};
  auto headers = build_headers(p, {}, false);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(find_header(*headers, "x-team"), "a");
  EXPECT_EQ(find_header(*headers, "anthropic-version"), "override");
  EXPECT_EQ(count(*headers, "anthropic-version"), 1u);
}

TEST(AnthropicHeadersTest, ForwardsAnthropicBetaAndConfiguredHeadersOnly) {
  auto p = provider();
  p.forward_headers = {"X-Trace", "Authorization", "anthropic-version"};
  const Headers client = {{"Anthropic-Beta", "prompt-caching-2024-07-31"},
                          {"x-trace", "t1"},
                          {"x-api-key", "client-key"},
                          {"Authorization", "Bearer client"},
                          {"anthropic-version", "1999-01-01"},
                          {"Cookie", "c"},
                          {"X-Other", "o"}};
  auto headers = build_headers(p, client, false);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(find_header(*headers, "anthropic-beta"), "prompt-caching-2024-07-31");
  EXPECT_EQ(find_header(*headers, "x-trace"), "t1");
  EXPECT_EQ(find_header(*headers, "x-api-key"), "sk-ant-secret");
  EXPECT_EQ(count(*headers, "x-api-key"), 1u);
  EXPECT_EQ(find_header(*headers, "anthropic-version"), "2023-06-01");
  EXPECT_EQ(count(*headers, "authorization"), 0u);
  EXPECT_EQ(count(*headers, "cookie"), 0u);
  EXPECT_EQ(count(*headers, "x-other"), 0u);
}

TEST(AnthropicHeadersTest, HeaderInjectionFromClientIsDropped) {
  const Headers client = {{"anthropic-beta", "a\r\nx-evil: 1"}, {"anthropic beta", "b"}};
  auto headers = build_headers(provider(), client, false);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(headers->size(), 4u);
}

TEST(AnthropicHeadersTest, KeyWithLineBreakIsAnErrorWithoutTheKey) {
  auto p = provider();
  p.api_key = "sk-ant\r\nsecret";
  auto headers = build_headers(p, {}, false);
  ASSERT_FALSE(headers.ok());
  EXPECT_EQ(headers.error().http_status, 500);
  EXPECT_EQ(headers.error().message.find("secret"), std::string::npos);
}

TEST(AnthropicHeadersTest, NoKeyMeansNoKeyHeader) {
  auto p = provider();
  p.api_key.clear();
  auto headers = build_headers(p, {}, false);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(count(*headers, "x-api-key"), 0u);
}

}  // namespace
}  // namespace llmgw::providers::anthropic
