#pragma once
// What the key, team and access-request repositories share: the errors they return, the
// text forms of enums stored in the schema, and the JSON columns.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/config/governance.hpp"
#include "llmgw/core/error.hpp"
#include "store/sqlite/database.hpp"

namespace llmgw::store::sqlite {

/// Where a key or team was declared. YAML ones are read-only through the admin API.
enum class Source { yaml, api };

/// The parts joined into one statement. Sized once and copied in: GCC 12 at -O2 reports
/// false -Warray-bounds overflows for chains of std::string operator+ on constants.
std::string sql_text(std::initializer_list<std::string_view> parts);

std::string_view to_string(Source source) noexcept;
// Budget periods are spelled by governance::to_string(BudgetPeriod).
std::string_view to_string(config::KeyRole role) noexcept;
/// Parse the schema's text back; the CHECK constraints guarantee a known value, so an
/// unknown one is a corrupt file and throws std::runtime_error.
Source parse_source(std::string_view text);
config::BudgetPeriod parse_budget_period(std::string_view text);
config::KeyRole parse_key_role(std::string_view text);

/// 409, code "duplicate_id": "<what> '<id>' already exists".
Error duplicate_error(std::string_view what, std::string_view id);
/// 404, code "not_found": "<what> '<id>' does not exist".
Error not_found_error(std::string_view what, std::string_view id);
/// 409 with `code` ("conflict": the row exists but is not in a state that allows the change).
Error conflict_error(std::string message, std::string code = "conflict");
/// 409, code "read_only": declared in the config file; changed there, not through the API.
Error read_only_error(std::string_view what, std::string_view id);
/// True for the errors above with code "duplicate_id".
bool is_duplicate(const Error& error) noexcept;

/// Maps a constraint failure to the caller's error: a UNIQUE or PRIMARY KEY violation is a
/// duplicate of `what` `id`, a CHECK failure an invalid request. Rethrows anything else.
Error constraint_error(const SqliteError& error, std::string_view what, std::string_view id);

std::string strings_to_json(const std::vector<std::string>& values);
std::vector<std::string> strings_from_json(std::string_view json);
std::string tags_to_json(const config::Tags& tags);
config::Tags tags_from_json(std::string_view json);

/// Bounded listing: at most `limit` rows whose id sorts after `after_id` (keyset paging).
struct Page {
  std::string after_id;
  std::size_t limit = 100;
};
/// The largest `limit` a list call honours.
inline constexpr std::size_t kMaxPageSize = 1000;

}  // namespace llmgw::store::sqlite
