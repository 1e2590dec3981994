#pragma once
// Canonical chat request → Gemini generateContent / streamGenerateContent request.
//
// Parameters: max_tokens → maxOutputTokens, temperature, top_p → topP, top_k → topK,
// stop → stopSequences, n → candidateCount, seed, presence/frequency penalties,
// response_format json_object/json_schema → responseMimeType "application/json" (+
// responseSchema). Tools → functionDeclarations with `parameters`, tool_choice →
// toolConfig.functionCallingConfig. Both schemas go through filter_schema().
//
// Why `parameters`/`responseSchema` (the OpenAPI subset, filtered) rather than
// `parametersJsonSchema`/`responseJsonSchema` (raw JSON Schema): the subset is accepted by
// every Gemini model and by Vertex AI's v1 surface, while the raw-JSON-Schema fields are
// newer and v1beta/2.5-era only; the filter removes the keywords that made the subset fail.
//
// Not honoured (400 via reject_unsupported, or dropped with drop_unsupported): every
// ChatRequest::extra entry and parallel_tool_calls=false (Gemini cannot disable parallel
// calls). `user`, message `name`s and image `detail` have no Gemini field and are left out.

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::gemini {

/// The JSON body (without target or headers).
Result<canonical::Json> encode_chat_body(const canonical::ChatRequest& request,
                                         const TranslateTarget& target);

/// The complete upstream request: target, headers, body.
Result<upstream::UpstreamRequest> encode_chat_request(const canonical::ChatRequest& request,
                                                      const TranslateTarget& target);

}  // namespace llmgw::providers::gemini
