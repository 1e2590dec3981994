#pragma once
// Embeddings through models/{model}:batchEmbedContents (Generative Language API only: Vertex
// AI embeds through :predict with another body, which this adapter does not speak).
// Gemini reports no token usage for embeddings, so the response's usage stays unset.

#include <string_view>

#include "llmgw/canonical/embeddings.hpp"
#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::gemini {

Result<upstream::UpstreamRequest> encode_embeddings_request(
    const canonical::EmbeddingRequest& request, const TranslateTarget& target);

/// {"embeddings":[{"values":[...]}, ...]} → one vector per input, in order.
Result<canonical::EmbeddingResponse> decode_embeddings_response(std::string_view body);

}  // namespace llmgw::providers::gemini
