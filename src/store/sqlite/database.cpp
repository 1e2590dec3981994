#include "store/sqlite/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace llmgw::store::sqlite {
namespace {

// Error messages quote the statement so an operator can tell which one failed; long ones
// are cut, the start says enough.
std::string describe_sql(std::string_view sql) {
  constexpr std::size_t kMax = 80;
  std::string out;
  for (char c : sql.substr(0, kMax)) {
    const bool space = c == '\n' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  if (sql.size() > kMax) out += "...";
  return out;
}

}  // namespace

SqliteError::SqliteError(std::string message, int extended_code, std::string sqlite_message)
    : std::runtime_error(std::move(message)),
      code_(extended_code),
      sqlite_message_(std::move(sqlite_message)) {}

bool SqliteError::is_unique_violation() const noexcept {
  return code_ == SQLITE_CONSTRAINT_UNIQUE || code_ == SQLITE_CONSTRAINT_PRIMARYKEY;
}

bool SqliteError::is_busy() const noexcept {
  return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED;
}

// --- Statement ---

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
  const int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  db.check(rc, "prepare " + describe_sql(sql));
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void Statement::check_bind(int rc, int index) {
  if (rc != SQLITE_OK) {
    db_->check(
        rc, "bind parameter " + std::to_string(index) + " of " + describe_sql(sqlite3_sql(stmt_)));
  }
}

Statement& Statement::bind_int(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind_text(int index, std::string_view value) {
  check_bind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> value) {
  // A zero-length blob must still be a blob, not NULL: sqlite3_bind_blob64 with a null
  // pointer binds NULL, so point it at something.
  static constexpr std::uint8_t kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  check_bind(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT), index);
  return *this;
}

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::int64_t>& value) {
  return value ? bind_int(index, *value) : bind_null(index);
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->check(rc, describe_sql(sqlite3_sql(stmt_)));
  return false;
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() noexcept {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const noexcept {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int column) const noexcept {
  return sqlite3_column_int64(stmt_, column);
}

std::optional<std::int64_t> Statement::column_optional_int(int column) const noexcept {
  if (is_null(column)) return std::nullopt;
  return column_int(column);
}

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> Statement::column_blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::vector<std::uint8_t>(data, data + size);
}

// --- Database ---

std::filesystem::path Database::file_in(const std::filesystem::path& state_dir) {
  return state_dir / "llmgw.db";
}

Database::Database(const std::filesystem::path& file) : Database(file, Options{}) {}

Database::Database(const std::filesystem::path& file, Options options) : file_(file) {
  // The file holds key hashes and spend: create it private before SQLite creates it with
  // the umask's mode. SQLite gives the -wal and -shm files the main file's mode.
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw SqliteError("open " + file.string() + ": " + std::strerror(errno), SQLITE_CANTOPEN);
  }
  ::close(fd);

  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    // sqlite3_open_v2 returns a handle even on failure, to carry the message.
    std::string message = "open " + file.string() + ": " +
                          (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    close();
    throw SqliteError(std::move(message), rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  try {
    check(sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count())),
          "busy_timeout");
    // WAL: readers never block the writer and the writer never blocks readers, so usage
    // queries run while spend rows are written. The mode is stored in the file.
    auto wal = prepare("PRAGMA journal_mode=WAL");
    if (!wal.step() || wal.column_text(0) != "wal") {
      throw SqliteError("open " + file.string() + ": the file system does not support WAL mode",
                        SQLITE_CANTOPEN);
    }
    // NORMAL in WAL mode does not fsync on each commit, only at checkpoints: a commit survives
    // a crash of llmgw (it is in the WAL file), and a power loss may lose the last commits
    // but never corrupts the file. FULL would cost an fsync per spend batch and per key write.
    // trusted_schema=OFF: the schema cannot call SQL functions with side effects.
    exec(
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA trusted_schema=OFF;");
  } catch (const SqliteError& e) {
    close();
    // "file is not a database" and the like mean little without the file's name.
    const std::string prefix = "open " + file.string();
    if (std::string_view(e.what()).starts_with(prefix)) throw;
    throw SqliteError(prefix + ": " + e.what(), e.code(), e.sqlite_message());
  }
}

Database::~Database() {
  close();
}

Database::Database(Database&& other) noexcept
    : file_(std::move(other.file_)), db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    file_ = std::move(other.file_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

void Database::close() noexcept {
  // Every Statement is finalized before its Database goes (they live in narrower scopes),
  // so sqlite3_close cannot fail with SQLITE_BUSY here; close_v2 would defer it anyway.
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec wants a terminated string.
  check(sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr), describe_sql(sql));
}

std::int64_t Database::changes() const noexcept {
  return sqlite3_changes64(db_);
}

void Database::check(int rc, std::string_view what) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  std::string sqlite_message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string message(what);
  message += ": ";
  message += sqlite_message;
  message += " (sqlite code ";
  message += std::to_string(rc);
  message += ")";
  throw SqliteError(std::move(message), rc, std::move(sqlite_message));
}

// --- Transaction ---

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (const SqliteError&) {
    // SQLite already rolled back (some errors end the transaction themselves).
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace llmgw::store::sqlite
