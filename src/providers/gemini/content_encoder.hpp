#pragma once
// Canonical messages → Gemini `contents` and `systemInstruction`.
//
// Roles: user → "user", assistant → "model", tool → "user" (functionResponse parts);
// consecutive turns of one role merge into one Content, as Gemini wants strictly
// alternating turns. Empty text parts are left out (Gemini rejects them), as is assistant
// reasoning: Gemini cannot take thought text back without its signature.
// An assistant tool call whose id carries a thought signature (thought_signature.hpp) gets it
// back as its functionCall part's `thoughtSignature`; tool results match calls by full id.

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::providers::gemini {

struct EncodedContents {
  canonical::Json contents;            ///< Array of {role, parts}.
  canonical::Json system_instruction;  ///< {parts:[{text}...]}, or null when there is none.
};

/// Errors are 400s: tool-call arguments that are not a JSON object, a tool result whose
/// function name cannot be found, an image in a tool result.
Result<EncodedContents> encode_contents(const canonical::ChatRequest& request);

/// inlineData for inline images and data: URLs; fileData otherwise, with the MIME type
/// guessed from the URL's extension ("image/jpeg" when unknown).
canonical::Json image_part(const canonical::Image& image);

/// MIME type for a URL's file extension (query and fragment ignored), or "image/jpeg".
std::string guess_mime_type(std::string_view url);

}  // namespace llmgw::providers::gemini
