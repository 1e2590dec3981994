#pragma once
// Canonical ChatRequest → OpenAI chat/completions request: the translated path, taken when
// the client speaks another dialect (Anthropic /v1/messages) and the deployment speaks
// OpenAI (OpenAI itself, compatibles, Azure OpenAI).

#include <string>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/providers/provider.hpp"
#include "providers/openai/request_encoder.hpp"

namespace llmgw::providers::openai {

/// The chat/completions JSON body. What depends on the provider kind:
///  - the output cap is `max_completion_tokens` for openai and azure_openai (reasoning
///    models refuse `max_tokens`) but `max_tokens` for openai_compatible, because many
///    compatible servers (Ollama, older vLLM, llama.cpp) only know the older name;
///  - `top_k` is not an OpenAI parameter (reject_unsupported) but vLLM and Ollama accept it,
///    so it is passed on to openai_compatible servers.
/// ChatRequest::extra entries are OpenAI parameters the canonical form has no field for:
/// they are forwarded as given, except that they never replace a member set here.
Result<std::string> encode_chat_body(const canonical::ChatRequest& request,
                                     const TranslateTarget& target);

/// The complete request: body, `route` (target and auth scheme), the fast path's headers.
Result<upstream::UpstreamRequest> encode_chat_request(const canonical::ChatRequest& request,
                                                      const TranslateTarget& target,
                                                      UpstreamRoute route);

}  // namespace llmgw::providers::openai
