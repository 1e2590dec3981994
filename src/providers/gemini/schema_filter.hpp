#pragma once
// JSON Schema → the OpenAPI-3.0 subset Gemini's `parameters` and `responseSchema` accept.
//
// Removed wherever a schema appears (top level, properties, items, anyOf/oneOf/allOf, $defs,
// ...), never from property names or enum/default/example values:
//   "$schema", "$id", "$comment", "additionalProperties", "strict"
// Gemini rejects these as unknown fields ("Invalid JSON payload received. Unknown name
// ..."), and dropping them only loosens validation, never changes what is asked for.
// A `type` array of one type plus "null" (OpenAI strict-mode style) becomes that type with
// "nullable": true. Everything else passes through for Gemini to judge.

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::providers::gemini {

/// The filtered copy of `schema`. `field` names the request field in the 400 for a schema
/// nested deeper than Gemini could use (and than the gateway recurses).
Result<canonical::Json> filter_schema(const canonical::Json& schema, const std::string& field);

/// Whether a filtered tool schema says nothing Gemini would accept: an object type with no
/// properties (Gemini rejects `"properties": {}` for OBJECT), or an empty schema.
bool is_empty_object_schema(const canonical::Json& schema);

}  // namespace llmgw::providers::gemini
