#pragma once
// The endpoints the pipeline serves and the client dialect each one speaks. One enum for the
// whole request path: the HTTP router maps paths to it, the dialect registry and the stages
// switch on it.

#include <string_view>

namespace llmgw {

enum class Endpoint {
  chat_completions,  ///< POST /v1/chat/completions (OpenAI dialect).
  completions,       ///< POST /v1/completions (OpenAI dialect, legacy).
  embeddings,        ///< POST /v1/embeddings (OpenAI dialect).
  messages,          ///< POST /v1/messages (Anthropic dialect).
  count_tokens,      ///< POST /v1/messages/count_tokens (Anthropic dialect).
  models_list,       ///< GET /v1/models (served by the gateway itself).
  model_get,         ///< GET /v1/models/{id} (served by the gateway itself).
};

/// The wire dialect a client speaks; it decides the shape of every answer, errors included.
enum class Dialect { openai, anthropic };

constexpr Dialect dialect_of(Endpoint endpoint) noexcept {
  return endpoint == Endpoint::messages || endpoint == Endpoint::count_tokens ? Dialect::anthropic
                                                                              : Dialect::openai;
}

/// Whether requests to `endpoint` carry a JSON body naming a model that is sent upstream.
constexpr bool is_inference(Endpoint endpoint) noexcept {
  return endpoint != Endpoint::models_list && endpoint != Endpoint::model_get;
}

/// Whether the endpoint's body is a chat conversation (has a canonical ChatRequest).
constexpr bool is_chat(Endpoint endpoint) noexcept {
  return endpoint == Endpoint::chat_completions || endpoint == Endpoint::messages;
}

std::string_view to_string(Endpoint endpoint) noexcept;

}  // namespace llmgw
