#pragma once
// A thin RAII layer over one SQLite connection: open with the pragmas every llmgw connection
// needs, prepared statements, transactions, and errors that carry SQLite's own message.
// A connection is used by one thread at a time (the store executor's or the spend writer's);
// it may be moved to that thread after it was opened.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace llmgw::store::sqlite {

/// A failed SQLite call. The message is "<what we did>: <sqlite3_errmsg> (<code name>)": built
/// from SQL text and file paths, never from bound values, so it never carries a secret.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(std::string message, int extended_code, std::string sqlite_message = {});
  /// SQLite's extended result code (SQLITE_CONSTRAINT_UNIQUE, SQLITE_BUSY, ...).
  int code() const noexcept { return code_; }
  /// True for a UNIQUE or PRIMARY KEY violation: the caller reports a duplicate id.
  bool is_unique_violation() const noexcept;
  /// True when another connection held the lock for longer than busy_timeout.
  bool is_busy() const noexcept;
  /// sqlite3_errmsg alone, e.g. "UNIQUE constraint failed: keys.id" (says which constraint).
  const std::string& sqlite_message() const noexcept { return sqlite_message_; }

 private:
  int code_;
  std::string sqlite_message_;
};

class Database;

/// One prepared statement. Parameters are 1-based (as in SQLite), columns 0-based.
/// Text and blobs are copied by SQLite at bind time, so arguments may be temporaries.
class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind_int(int index, std::int64_t value);
  Statement& bind_text(int index, std::string_view value);
  Statement& bind_blob(int index, std::span<const std::uint8_t> value);
  Statement& bind_null(int index);
  /// Binds NULL for nullopt.
  Statement& bind_optional(int index, const std::optional<std::int64_t>& value);

  /// Runs the statement one step. Returns true when a row is ready to read, false when it is
  /// done. Throws SqliteError (the statement must then be reset before reuse).
  bool step();
  /// Steps a statement that returns no rows (INSERT, UPDATE, DELETE).
  void run();
  /// Makes the statement runnable again and clears its bindings.
  void reset() noexcept;

  bool is_null(int column) const noexcept;
  std::int64_t column_int(int column) const noexcept;
  std::optional<std::int64_t> column_optional_int(int column) const noexcept;
  std::string column_text(int column) const;
  std::vector<std::uint8_t> column_blob(int column) const;

 private:
  void check_bind(int rc, int index);

  Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  struct Options {
    /// How long a statement waits for another connection's write lock before SQLITE_BUSY.
    std::chrono::milliseconds busy_timeout{5000};
  };

  /// `<state_dir>/llmgw.db`: the one file the embedded store lives in.
  static std::filesystem::path file_in(const std::filesystem::path& state_dir);

  /// Opens (creating it with mode 0600 if missing) the database file and applies the pragmas:
  /// WAL, synchronous=NORMAL, busy_timeout, foreign_keys. Throws SqliteError.
  explicit Database(const std::filesystem::path& file);
  Database(const std::filesystem::path& file, Options options);
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Runs one or more SQL statements that return nothing. Throws SqliteError.
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(*this, sql); }

  /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  std::int64_t changes() const noexcept;
  const std::filesystem::path& file() const noexcept { return file_; }

  /// Throws SqliteError for `rc` unless it is SQLITE_OK, SQLITE_ROW or SQLITE_DONE. `what` says
  /// what was being done (a statement's SQL, "open <file>"), never a bound value.
  void check(int rc, std::string_view what) const;
  sqlite3* handle() const noexcept { return db_; }

 private:
  void close() noexcept;

  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE ... COMMIT; rolled back when destroyed uncommitted (an exception, an early
/// return). IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading a
/// read lock: the second one waits (busy_timeout) instead.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  /// Throws SqliteError; the transaction is then rolled back by the destructor.
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace llmgw::store::sqlite
