#pragma once
// The stateless, process-wide components of the composition root: every provider adapter and
// client dialect, owned here and handed out as registries. Built once by app/ (and by tests
// that drive the real request path); nothing on the request path constructs or looks them up.

#include "dialects/anthropic/anthropic_dialect.hpp"
#include "dialects/openai/openai_dialect.hpp"
#include "llmgw/dialects/client_dialect.hpp"
#include "llmgw/providers/provider.hpp"
#include "providers/anthropic/anthropic_adapter.hpp"
#include "providers/azure/azure_adapter.hpp"
#include "providers/bedrock/bedrock_adapter.hpp"
#include "providers/gemini/gemini_adapter.hpp"
#include "providers/openai/openai_adapter.hpp"

namespace llmgw::app {

struct BuiltinComponents {
  providers::openai::OpenAiAdapter openai_adapter;
  providers::azure::AzureOpenAiAdapter azure_adapter;
  providers::anthropic::AnthropicAdapter anthropic_adapter;
  providers::gemini::GeminiAdapter gemini_adapter;
  providers::bedrock::BedrockAdapter bedrock_adapter;
  dialects::openai::OpenAiDialect openai_dialect;
  dialects::anthropic::AnthropicDialect anthropic_dialect;

  providers::ProviderRegistry providers{
      {openai_adapter, azure_adapter, anthropic_adapter, gemini_adapter, bedrock_adapter}};
  dialects::DialectRegistry dialects{openai_dialect, anthropic_dialect};

  BuiltinComponents() = default;
  BuiltinComponents(const BuiltinComponents&) = delete;
  BuiltinComponents& operator=(const BuiltinComponents&) = delete;
};

}  // namespace llmgw::app
