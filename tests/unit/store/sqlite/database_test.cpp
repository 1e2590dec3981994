#include "store/sqlite/database.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <fstream>
#include <string>

#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

std::string pragma_text(Database& db, const char* sql) {
  auto statement = db.prepare(sql);
  EXPECT_TRUE(statement.step());
  return statement.column_text(0);
}

TEST(SqliteDatabase, OpensInStateDirWithWalAndPragmas) {
  testing::TempDir dir;
  const auto file = Database::file_in(dir.path());
  EXPECT_EQ(file, dir.path() / "llmgw.db");
  Database db(file, Database::Options{std::chrono::milliseconds(1234)});
  EXPECT_EQ(pragma_text(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma_text(db, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(pragma_text(db, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(pragma_text(db, "PRAGMA busy_timeout"), "1234");

  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(SqliteDatabase, BindsAndReadsEveryType) {
  testing::TempDir dir;
  Database db(dir.db_file());
  db.exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n INTEGER) STRICT");
  const std::array<std::uint8_t, 3> bytes = {0, 1, 255};
  auto insert = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
  insert.bind_int(1, -42).bind_text(2, std::string("a\0b", 3)).bind_blob(3, bytes);
  insert.bind_optional(4, std::nullopt);
  insert.run();
  EXPECT_EQ(db.changes(), 1);

  auto select = db.prepare("SELECT i, s, b, n FROM t");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_int(0), -42);
  EXPECT_EQ(select.column_text(1), std::string("a\0b", 3));
  EXPECT_EQ(select.column_blob(2), std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  EXPECT_TRUE(select.is_null(3));
  EXPECT_EQ(select.column_optional_int(3), std::nullopt);
  EXPECT_FALSE(select.step());
}

TEST(SqliteDatabase, ErrorsCarrySqliteMessageButNoBoundValue) {
  testing::TempDir dir;
  Database db(dir.db_file());
  db.exec("CREATE TABLE t (id TEXT PRIMARY KEY) STRICT");
  auto insert = db.prepare("INSERT INTO t VALUES (?1)");
  insert.bind_text(1, "sk-secret-value").run();
  insert.reset();
  insert.bind_text(1, "sk-secret-value");
  try {
    insert.run();
    FAIL() << "expected a UNIQUE violation";
  } catch (const SqliteError& e) {
    EXPECT_TRUE(e.is_unique_violation());
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: t.id"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("sk-secret-value"), std::string::npos);
  }
  try {
    db.prepare("SELECT nope FROM t");
    FAIL() << "expected a prepare error";
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("no such column: nope"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("SELECT nope FROM t"), std::string::npos);
  }
}

TEST(SqliteDatabase, OpenFailureNamesTheFile) {
  testing::TempDir dir;
  const auto missing = dir.path() / "no-such-dir" / "llmgw.db";
  try {
    Database db(missing);
    FAIL() << "expected an open error";
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos);
  }
}

TEST(SqliteDatabase, NotADatabaseFileNamesTheFile) {
  testing::TempDir dir;
  {
    std::ofstream out(dir.db_file());
    out << "this is not an SQLite file, just some text that is long enough to have a header";
  }
  try {
    Database db(dir.db_file());
    FAIL() << "expected an open error";
  } catch (const SqliteError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("open " + dir.db_file().string() + ": ", 0), 0u) << message;
    EXPECT_NE(message.find("file is not a database"), std::string::npos) << message;
  }
}

TEST(SqliteDatabase, TransactionRollsBackUnlessCommitted) {
  testing::TempDir dir;
  Database db(dir.db_file());
  db.exec("CREATE TABLE t (i INTEGER) STRICT");
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1)");
  }
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (2)");
    transaction.commit();
  }
  auto select = db.prepare("SELECT group_concat(i) FROM t");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "2");
}

TEST(SqliteDatabase, MovedConnectionStaysUsable) {
  testing::TempDir dir;
  Database first(dir.db_file());
  Database second = std::move(first);
  second.exec("CREATE TABLE t (i INTEGER)");
  Database third(dir.path() / "other.db");
  third = std::move(second);
  EXPECT_EQ(third.file(), dir.db_file());
  third.exec("INSERT INTO t VALUES (1)");
}

}  // namespace
}  // namespace llmgw::store::sqlite
