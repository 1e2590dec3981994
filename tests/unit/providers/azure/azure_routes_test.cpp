#include "providers/azure/azure_routes.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::azure {
namespace {

config::ProviderConfig azure_provider() {
  config::ProviderConfig provider;
  provider.name = "az";
  provider.kind = config::ProviderKind::azure_openai;
  provider.api_key = "az-key";
  return provider;
}

TEST(AzureRoutesTest, DeploymentRoutesPerEndpoint) {
  const auto provider = azure_provider();
  auto chat = azure_route(provider, "gpt4o-prod", Endpoint::chat_completions);
  EXPECT_EQ(chat.target, "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
  EXPECT_EQ(chat.auth, openai::AuthScheme::api_key);
  EXPECT_EQ(azure_route(provider, "inst", Endpoint::completions).target,
            "/openai/deployments/inst/completions?api-version=2024-10-21");
  EXPECT_EQ(azure_route(provider, "emb", Endpoint::embeddings).target,
            "/openai/deployments/emb/embeddings?api-version=2024-10-21");
}

TEST(AzureRoutesTest, BasePathPrefixAndApiVersion) {
  auto provider = azure_provider();
  provider.origin.base_path = "/proxy";
  provider.azure.api_version = "2025-04-01-preview";
  EXPECT_EQ(azure_route(provider, "d", Endpoint::chat_completions).target,
            "/proxy/openai/deployments/d/chat/completions?api-version=2025-04-01-preview");
}

TEST(AzureRoutesTest, DeploymentNameCannotEscapeItsSegment) {
  const auto provider = azure_provider();
  EXPECT_EQ(azure_route(provider, "../a b/?x=1#f%", Endpoint::chat_completions).target,
            "/openai/deployments/..%2Fa%20b%2F%3Fx%3D1%23f%25/chat/completions"
            "?api-version=2024-10-21");
  EXPECT_EQ(azure_route(provider, "d\xc3\xa9", Endpoint::chat_completions).target,
            "/openai/deployments/d%C3%A9/chat/completions?api-version=2024-10-21");
}

TEST(AzureRoutesTest, V1RoutesAndBearerAuth) {
  auto provider = azure_provider();
  provider.azure.v1_routes = true;
  provider.azure.bearer_auth = true;
  auto chat = azure_route(provider, "ignored-in-path", Endpoint::chat_completions);
  EXPECT_EQ(chat.target, "/openai/v1/chat/completions");
  EXPECT_EQ(chat.auth, openai::AuthScheme::bearer);
  EXPECT_EQ(azure_route(provider, "e", Endpoint::embeddings).target, "/openai/v1/embeddings");
}

}  // namespace
}  // namespace llmgw::providers::azure
