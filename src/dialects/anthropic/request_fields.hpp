#pragma once
// Typed reads of client JSON for the Anthropic request parser: each failure is a 400
// naming the JSON path ("messages[2].content[0].source.data: expected a string").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::dialects::anthropic {

using canonical::Json;

/// "messages" + 2 → "messages[2]"; "messages[2]" + "content" → "messages[2].content".
std::string path_index(std::string_view path, std::size_t index);
std::string path_key(std::string_view path, std::string_view key);

/// Human label for a JSON value's type: "a string", "an object", "null", ...
std::string_view describe(const Json& value) noexcept;

/// Client text echoed in an error message, cut to a bounded UTF-8 prefix.
std::string excerpt(std::string_view text);

/// The 400 for a value of the wrong type at `path`.
Error wrong_type(std::string_view path, std::string_view expected, const Json& got);

/// The 400 for a missing required field at `path`, in Anthropic's words.
Error missing_field(std::string_view path);

/// The member `key` of `object`, or nullptr when absent or null (Anthropic treats an
/// explicit null like an absent optional field).
const Json* member(const Json& object, std::string_view key);

/// Reads a string member; nullopt + `error` set on a wrong type, nullopt alone when absent.
struct FieldReader {
  std::optional<Error> error;

  std::optional<std::string> string(const Json& object, std::string_view key,
                                    std::string_view path);
  std::optional<std::int64_t> integer(const Json& object, std::string_view key,
                                      std::string_view path);
  /// `value` itself (not null) as an int64; `path` names it in errors.
  std::optional<std::int64_t> integer_value(const Json& value, const std::string& path);
  std::optional<double> number(const Json& object, std::string_view key, std::string_view path);
  std::optional<bool> boolean(const Json& object, std::string_view key, std::string_view path);
  /// Required string: absent or null is a missing_field error.
  std::optional<std::string> required_string(const Json& object, std::string_view key,
                                             std::string_view path);
};

}  // namespace llmgw::dialects::anthropic
