#include "llmgw/providers/provider.hpp"
#include "providers/anthropic/anthropic_adapter.hpp"
#include "providers/azure/azure_adapter.hpp"
#include "providers/bedrock/bedrock_adapter.hpp"
#include "providers/gemini/gemini_adapter.hpp"
#include "providers/openai/openai_adapter.hpp"

namespace llmgw::providers {

const ProviderAdapter& adapter_for(config::ProviderKind kind) {
  // Adapters are stateless and const, so one function-local instance per kind is shared by
  // every worker thread (initialisation of a local static is thread-safe).
  static const openai::OpenAiAdapter openai_adapter;
  static const anthropic::AnthropicAdapter anthropic_adapter;
  static const gemini::GeminiAdapter gemini_adapter;
  static const azure::AzureOpenAiAdapter azure_adapter;
  static const bedrock::BedrockAdapter bedrock_adapter;
  switch (kind) {
    case config::ProviderKind::openai: return openai_adapter;
    case config::ProviderKind::openai_compatible: return openai_adapter;
    case config::ProviderKind::anthropic: return anthropic_adapter;
    case config::ProviderKind::gemini: return gemini_adapter;
    case config::ProviderKind::azure_openai: return azure_adapter;
    case config::ProviderKind::bedrock: return bedrock_adapter;
  }
  return openai_adapter;
}

}  // namespace llmgw::providers
