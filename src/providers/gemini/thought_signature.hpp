#pragma once
// Thought signatures ride inside tool-call ids.
//
// Thinking Gemini models sign their functionCall parts (`thoughtSignature`, base64) and reject
// a later turn whose functionCall history lacks the signature. OpenAI and Anthropic clients
// only echo a tool call's id back, so the id the gateway reports carries the signature, in
// characters that keep an id within [A-Za-z0-9_-] when its base id is:
//   <base id>__llmgw_ts__<signature with '+' → '-', '/' → '_', trailing '=' dropped>
// which is how Gemini's standard, padded base64 travels (the padding follows from the
// length), or, for any signature that mapping would not give back exactly,
//   <base id>__llmgw_tsx__<base64url, unpadded, of the signature's characters>
// Either way signature_from_id returns the signature byte for byte.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace llmgw::providers::gemini {

inline constexpr std::string_view kSignatureSeparator = "__llmgw_ts__";
inline constexpr std::string_view kOpaqueSignatureSeparator = "__llmgw_tsx__";

/// Longer signatures are not carried: an id that size would strain clients and logs.
inline constexpr std::size_t kMaxThoughtSignatureBytes = 16 * 1024;

/// `base_id` carrying `signature`; `base_id` unchanged when the signature is empty or longer
/// than kMaxThoughtSignatureBytes.
std::string id_with_signature(std::string_view base_id, std::string_view signature);

/// The signature a tool-call id carries, or nullopt when it carries none: no separator, or a
/// tail after the last one that this gateway cannot have made.
std::optional<std::string> signature_from_id(std::string_view id);

}  // namespace llmgw::providers::gemini
