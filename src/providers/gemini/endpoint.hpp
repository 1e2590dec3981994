#pragma once
// Where Gemini requests go and how they authenticate: the Generative Language API
// ({base}/v1beta/models/{model}:method, x-goog-api-key) or Vertex AI
// ({base}/v1/projects/{p}/locations/{l}/publishers/google/models/{model}:method, Bearer).

#include <string>
#include <string_view>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::providers::gemini {

enum class Method { generate_content, stream_generate_content, batch_embed_contents };

/// Percent-encodes everything but RFC 3986 unreserved characters, so a configured name can
/// never add path segments, a query or a fragment.
std::string encode_path_segment(std::string_view segment);

/// The model id as Gemini's path wants it: a leading "models/" (as the API lists them) is
/// dropped.
std::string_view model_id(std::string_view upstream_model) noexcept;

/// Path and query for `method` on `upstream_model`. Errors (500) name the config problem:
/// an empty model, or Vertex without project/location.
Result<std::string> upstream_target(const config::ProviderConfig& provider,
                                    std::string_view upstream_model, Method method);

/// Content-Type, Accept, the provider's auth header and its extra_headers (which win).
/// No client header is forwarded: Gemini has no client-settable headers worth passing.
Result<Headers> upstream_headers(const config::ProviderConfig& provider, bool stream);

}  // namespace llmgw::providers::gemini
