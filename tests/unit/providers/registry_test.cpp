#include "llmgw/providers/provider.hpp"

#include <gtest/gtest.h>

#include "providers/openai/openai_adapter.hpp"

namespace llmgw::providers {
namespace {

TEST(ProviderRegistryTest, OpenAiKindsUseTheOpenAiAdapter) {
  for (auto kind : {config::ProviderKind::openai, config::ProviderKind::openai_compatible}) {
    const ProviderAdapter& adapter = adapter_for(kind);
    EXPECT_NE(dynamic_cast<const openai::OpenAiAdapter*>(&adapter), nullptr);
  }
}

TEST(ProviderRegistryTest, AdaptersAreSharedInstances) {
  EXPECT_EQ(&adapter_for(config::ProviderKind::openai), &adapter_for(config::ProviderKind::openai));
}

}  // namespace
}  // namespace llmgw::providers
