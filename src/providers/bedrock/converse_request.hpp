#pragma once
// Canonical chat request → the JSON body of Bedrock Converse / ConverseStream
// (providers.md §5.1, §5.5). The model id travels in the path, not the body.
//
// Choices where Converse has no exact equivalent:
//  - top_k goes to additionalModelRequestFields.top_k (Anthropic models on Bedrock read it
//    there; a model that does not know it answers with a ValidationException).
//  - tool_choice "none": Converse has no "none". Without tool history toolConfig is left
//    out; with toolUse/toolResult blocks in the history Bedrock requires toolConfig, so the
//    tools are kept and only toolChoice is dropped (the model may then still call a tool).
//  - response_format json_object/json_schema, n > 1, seed, presence/frequency penalties,
//    parallel_tool_calls false and every `extra` parameter: reject_unsupported().
//  - Image URLs: Converse takes only inline bytes and the gateway does not download:
//    reject_unsupported("image_url").
//  - Dropped without a word: `user` (requestMetadata only accepts a restricted character
//    set), message `name`, image `detail`, and assistant reasoning in the history (Bedrock
//    wants it signed, and canonical messages carry no signature).

#include <string>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::bedrock {

/// The Converse request body. Errors are 400s naming the parameter.
Result<canonical::Json> build_converse_body(const canonical::ChatRequest& request,
                                            const TranslateTarget& target);

/// Bedrock's image format for a media type ("image/png" → "png"), or empty when Converse
/// does not take it.
std::string image_format(std::string_view media_type);

}  // namespace llmgw::providers::bedrock
