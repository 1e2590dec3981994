#include "providers/openai/request_headers.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::openai {
namespace {

config::ProviderConfig provider_with_key(std::string key) {
  config::ProviderConfig provider;
  provider.name = "p";
  provider.api_key = std::move(key);
  return provider;
}

TEST(OpenAiRequestHeadersTest, BearerAndApiKeySchemes) {
  const auto provider = provider_with_key("k-1");
  auto bearer = build_headers(provider, {}, false, AuthScheme::bearer);
  ASSERT_TRUE(bearer.ok());
  EXPECT_EQ(find_header(*bearer, "authorization"), "Bearer k-1");
  EXPECT_EQ(find_header(*bearer, "api-key"), "");
  EXPECT_EQ(find_header(*bearer, "accept"), "application/json");

  auto api_key = build_headers(provider, {}, true, AuthScheme::api_key);
  ASSERT_TRUE(api_key.ok());
  EXPECT_EQ(find_header(*api_key, "api-key"), "k-1");
  EXPECT_EQ(find_header(*api_key, "authorization"), "");
  EXPECT_EQ(find_header(*api_key, "accept"), "text/event-stream");
}

TEST(OpenAiRequestHeadersTest, NoKeyNoCredentialHeader) {
  auto headers = build_headers(provider_with_key(""), {}, false, AuthScheme::api_key);
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(headers->size(), 2u);
}

TEST(OpenAiRequestHeadersTest, ClientCannotSendItsOwnCredential) {
  auto provider = provider_with_key("k");
  provider.forward_headers = {"api-key", "x-trace"};
  auto headers = build_headers(provider, {{"Api-Key", "client"}, {"X-Trace", "t"}}, false,
                               AuthScheme::api_key);
  ASSERT_TRUE(headers.ok());
  std::size_t api_keys = 0;
  for (const auto& [name, value] : *headers) api_keys += iequals(name, "api-key") ? 1 : 0;
  EXPECT_EQ(api_keys, 1u);
  EXPECT_EQ(find_header(*headers, "api-key"), "k");
  EXPECT_EQ(find_header(*headers, "x-trace"), "t");
}

TEST(OpenAiRequestHeadersTest, KeyWithLineBreakIsRefusedWithoutQuotingIt) {
  auto headers = build_headers(provider_with_key("secret\nX: 1"), {}, false, AuthScheme::bearer);
  ASSERT_FALSE(headers.ok());
  EXPECT_EQ(headers.error().kind, ErrorKind::internal);
  EXPECT_EQ(headers.error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::providers::openai
