#pragma once
// Anthropic has no JSON-schema response mode, so an OpenAI response_format json_schema is
// sent as a tool whose input_schema is the schema, and the model is made to call it. The
// adapter is stateless (decoders only get an id seed), so the decoders recognise that tool
// by a reserved name and turn its input back into text content: the client sees a plain
// answer in `content`, as OpenAI would give it. Client tools may not use the name.

#include <string_view>

namespace llmgw::providers::anthropic {

inline constexpr std::string_view kJsonResponseTool = "llmgw_json_response";

}  // namespace llmgw::providers::anthropic
