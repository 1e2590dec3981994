#pragma once
// The embedded store's schema, versioned with PRAGMA user_version. Each migration takes the
// schema from version N-1 to N; start-up applies the missing ones in order, in one
// transaction, so a crash half-way leaves the previous version intact.

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/sqlite/database.hpp"

namespace llmgw::store::sqlite {

struct Migration {
  int version;           ///< The user_version after this migration; 1, 2, 3, ... in order.
  std::string_view sql;  ///< One or more statements.
};

/// The schema this binary reads and writes.
std::span<const Migration> builtin_migrations() noexcept;
/// The last version in builtin_migrations().
int current_schema_version() noexcept;

/// The database was written by a newer llmgw (its user_version is past what we know): we
/// refuse to touch it rather than misread or corrupt it.
class SchemaTooNewError : public std::runtime_error {
 public:
  SchemaTooNewError(const std::string& file, int found, int known);
};

/// PRAGMA user_version (0 for a new file).
int schema_version(Database& db);

/// Brings `db` to the last version of `migrations` (which must be numbered 1..N in order).
/// Returns the version the file had before. Throws SchemaTooNewError, SqliteError (nothing is
/// applied then), or std::invalid_argument for a malformed list. Call at start-up, before the
/// connection is handed to an executor or writer.
int migrate(Database& db, std::span<const Migration> migrations);
inline int migrate(Database& db) {
  return migrate(db, builtin_migrations());
}

}  // namespace llmgw::store::sqlite
