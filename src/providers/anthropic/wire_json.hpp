#pragma once
// Reading Anthropic's JSON safely: a depth-capped validation pass before any DOM is built,
// and typed look-ups that tell a missing member from a wrong-typed one.

#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"

namespace llmgw::providers::anthropic {

using canonical::Json;

/// The JSON value in `text`, or nullopt when it is not exactly one valid JSON value or nests
/// deeper than the scanner allows (so nothing recursive ever meets hostile depth).
std::optional<Json> parse_json(std::string_view text);

/// `object[key]` when it is a string; nullptr when absent, null or another type.
const std::string* string_member(const Json& object, const char* key);

/// `object[key]` when present and not null; nullptr otherwise.
const Json* member(const Json& object, const char* key);

/// Serialises provider JSON for the client; invalid UTF-8 is replaced, never thrown on.
std::string dump_json(const Json& value);

}  // namespace llmgw::providers::anthropic
