#pragma once
// OpenAI embeddings request/response ↔ canonical form (for Gemini batchEmbedContents).

#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/canonical/embeddings.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::dialects::openai {

/// `input` as a string or array of strings; token-id inputs are a 400 (no text to send).
Result<canonical::EmbeddingRequest> parse_embedding_request(std::string_view body);

/// `{"object":"list","data":[{"object":"embedding","index":i,"embedding":[...]}],...}`;
/// base64 requests get little-endian float32 base64 strings, as OpenAI sends them.
std::string render_embedding_response(const canonical::EmbeddingResponse& response,
                                      const canonical::RenderContext& context, bool base64);

}  // namespace llmgw::dialects::openai
