#include "llmgw/providers/provider.hpp"
#include "providers/openai/openai_adapter.hpp"

namespace llmgw::providers {

const ProviderAdapter& adapter_for(config::ProviderKind kind) {
  // Adapters are stateless and const, so one function-local instance per kind is shared by
  // every worker thread (initialisation of a local static is thread-safe).
  static const openai::OpenAiAdapter openai_adapter;
  switch (kind) {
    case config::ProviderKind::openai: return openai_adapter;
    case config::ProviderKind::openai_compatible: return openai_adapter;
  }
  return openai_adapter;
}

}  // namespace llmgw::providers
