#pragma once
// Typed reads of client JSON values with OpenAI-style 400s that name the parameter path
// ("Invalid type for 'messages[2].content': expected a string, but got an integer instead.").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::dialects::openai {

using canonical::Json;

/// "a string", "an integer", "a number", "a boolean", "an object", "an array" or "null".
std::string_view json_type_name(const Json& value) noexcept;

/// 400 invalid_type naming `path` and what was expected instead of `got`.
Error invalid_type(std::string_view path, std::string_view expected, const Json& got);

/// 400 invalid_value naming `path` with `message`.
Error invalid_value(std::string_view path, std::string message);

/// Reads a non-null value into `out`; the Error says which type was expected.
std::optional<Error> read_string(const Json& value, std::string_view path, std::string& out);
std::optional<Error> read_bool(const Json& value, std::string_view path, bool& out);
std::optional<Error> read_int(const Json& value, std::string_view path, std::int64_t& out);
std::optional<Error> read_number(const Json& value, std::string_view path, double& out);

/// Member `key` of an object, or nullptr when absent or null (null means unset).
const Json* member(const Json& object, std::string_view key);

/// "parent.key" / "parent[i]" path building.
std::string child_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, std::size_t index);

}  // namespace llmgw::dialects::openai
