#include "llmgw/providers/provider.hpp"

#include <gtest/gtest.h>

#include "providers/anthropic/anthropic_adapter.hpp"
#include "providers/azure/azure_adapter.hpp"
#include "providers/bedrock/bedrock_adapter.hpp"
#include "providers/gemini/gemini_adapter.hpp"
#include "providers/openai/openai_adapter.hpp"

namespace llmgw::providers {
namespace {

template <class Adapter>
bool is(config::ProviderKind kind) {
  return dynamic_cast<const Adapter*>(&adapter_for(kind)) != nullptr;
}

TEST(ProviderRegistryTest, EveryKindHasItsAdapter) {
  EXPECT_TRUE(is<openai::OpenAiAdapter>(config::ProviderKind::openai));
  EXPECT_TRUE(is<openai::OpenAiAdapter>(config::ProviderKind::openai_compatible));
  EXPECT_TRUE(is<anthropic::AnthropicAdapter>(config::ProviderKind::anthropic));
  EXPECT_TRUE(is<gemini::GeminiAdapter>(config::ProviderKind::gemini));
  EXPECT_TRUE(is<azure::AzureOpenAiAdapter>(config::ProviderKind::azure_openai));
  EXPECT_TRUE(is<bedrock::BedrockAdapter>(config::ProviderKind::bedrock));
}

TEST(ProviderRegistryTest, NativeDialectsDecideTheFastPath) {
  EXPECT_EQ(adapter_for(config::ProviderKind::openai).native_dialect(), Dialect::openai);
  EXPECT_EQ(adapter_for(config::ProviderKind::azure_openai).native_dialect(), Dialect::openai);
  EXPECT_EQ(adapter_for(config::ProviderKind::anthropic).native_dialect(), Dialect::anthropic);
  EXPECT_EQ(adapter_for(config::ProviderKind::gemini).native_dialect(), std::nullopt);
  EXPECT_EQ(adapter_for(config::ProviderKind::bedrock).native_dialect(), std::nullopt);
}

TEST(ProviderRegistryTest, AdaptersAreSharedInstances) {
  EXPECT_EQ(&adapter_for(config::ProviderKind::openai), &adapter_for(config::ProviderKind::openai));
}

}  // namespace
}  // namespace llmgw::providers
