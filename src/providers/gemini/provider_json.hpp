#pragma once
// Reading Gemini's JSON safely: every provider body is validated (nesting capped) before a
// DOM is built, so hostile bytes can neither throw nor recurse deeply in a later dump().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"

namespace llmgw::providers::gemini {

using Json = canonical::Json;

/// The parsed value, or nullopt when `text` is not one valid JSON value within the nesting
/// cap (json::kMaxDepth).
std::optional<Json> parse_json(std::string_view text);

/// Renders a value as compact JSON; invalid UTF-8 inside strings is replaced, never thrown.
std::string dump_json(const Json& value);

/// Non-negative integer member `key` of `object`; 0 when absent, not a number or negative.
std::int64_t count_member(const Json& object, const char* key);

/// String member `key` of `object`, or an empty view when absent or not a string.
std::string_view string_member(const Json& object, const char* key);

}  // namespace llmgw::providers::gemini
