#pragma once
// Canonical embeddings request/response, for providers whose embeddings API is not
// OpenAI's (Gemini batchEmbedContents). OpenAI and Azure forward the client's body as is.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmgw/core/usage.hpp"

namespace llmgw::canonical {

struct EmbeddingRequest {
  std::string model;                ///< Public model name.
  std::vector<std::string> inputs;  ///< Text inputs, in order.
  std::optional<std::int64_t> dimensions;
  bool base64 = false;  ///< encoding_format "base64": renderers encode floats as LE float32.
  std::string user;
};

struct EmbeddingResponse {
  std::vector<std::vector<float>> vectors;  ///< One per input, same order.
  std::optional<Usage> usage;
};

}  // namespace llmgw::canonical
