#include "llmgw/providers/provider.hpp"

#include <gtest/gtest.h>

#include "app/builtin_components.hpp"

namespace llmgw::providers {
namespace {

template <class Adapter>
bool is(const ProviderRegistry& registry, config::ProviderKind kind) {
  return dynamic_cast<const Adapter*>(&registry.for_kind(kind)) != nullptr;
}

TEST(ProviderRegistryTest, EveryKindHasItsAdapter) {
  app::BuiltinComponents built;
  const ProviderRegistry& r = built.providers;
  EXPECT_TRUE(is<openai::OpenAiAdapter>(r, config::ProviderKind::openai));
  EXPECT_TRUE(is<openai::OpenAiAdapter>(r, config::ProviderKind::openai_compatible));
  EXPECT_TRUE(is<anthropic::AnthropicAdapter>(r, config::ProviderKind::anthropic));
  EXPECT_TRUE(is<gemini::GeminiAdapter>(r, config::ProviderKind::gemini));
  EXPECT_TRUE(is<azure::AzureOpenAiAdapter>(r, config::ProviderKind::azure_openai));
  EXPECT_TRUE(is<bedrock::BedrockAdapter>(r, config::ProviderKind::bedrock));
}

TEST(ProviderRegistryTest, NativeDialectsDecideTheFastPath) {
  app::BuiltinComponents built;
  const ProviderRegistry& r = built.providers;
  EXPECT_EQ(r.for_kind(config::ProviderKind::openai).native_dialect(), Dialect::openai);
  EXPECT_EQ(r.for_kind(config::ProviderKind::azure_openai).native_dialect(), Dialect::openai);
  EXPECT_EQ(r.for_kind(config::ProviderKind::anthropic).native_dialect(), Dialect::anthropic);
  EXPECT_EQ(r.for_kind(config::ProviderKind::gemini).native_dialect(), std::nullopt);
  EXPECT_EQ(r.for_kind(config::ProviderKind::bedrock).native_dialect(), std::nullopt);
}

TEST(DialectRegistryTest, EachEndpointSpeaksItsDialect) {
  app::BuiltinComponents built;
  const dialects::DialectRegistry& d = built.dialects;
  EXPECT_EQ(d.for_endpoint(Endpoint::chat_completions).wire(), Dialect::openai);
  EXPECT_EQ(d.for_endpoint(Endpoint::completions).wire(), Dialect::openai);
  EXPECT_EQ(d.for_endpoint(Endpoint::embeddings).wire(), Dialect::openai);
  EXPECT_EQ(d.for_endpoint(Endpoint::models_list).wire(), Dialect::openai);
  EXPECT_EQ(d.for_endpoint(Endpoint::model_get).wire(), Dialect::openai);
  EXPECT_EQ(d.for_endpoint(Endpoint::messages).wire(), Dialect::anthropic);
  EXPECT_EQ(d.for_endpoint(Endpoint::count_tokens).wire(), Dialect::anthropic);
}

}  // namespace
}  // namespace llmgw::providers
