#include "store/sqlite/migrations.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

std::vector<std::string> tables(Database& db) {
  auto select = db.prepare(
      "SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') AND name NOT LIKE "
      "'sqlite_%' ORDER BY name");
  std::vector<std::string> names;
  while (select.step()) names.push_back(select.column_text(0));
  return names;
}

TEST(SqliteMigrations, FromEmptyCreatesTheCurrentSchema) {
  testing::TempDir dir;
  Database db(dir.db_file());
  EXPECT_EQ(schema_version(db), 0);
  EXPECT_EQ(migrate(db), 0);
  EXPECT_EQ(schema_version(db), current_schema_version());
  EXPECT_EQ(current_schema_version(), 2);
  const std::vector<std::string> expected = {"access_requests",
                                             "access_requests_by_team",
                                             "access_requests_one_pending",
                                             "keys",
                                             "keys_by_team",
                                             "spend",
                                             "spend_by_key",
                                             "spend_by_model",
                                             "spend_by_team",
                                             "spend_by_time",
                                             "teams"};
  EXPECT_EQ(tables(db), expected);
}

TEST(SqliteMigrations, SecondRunAndReopenChangeNothing) {
  testing::TempDir dir;
  {
    Database db(dir.db_file());
    migrate(db);
  }
  Database db(dir.db_file());
  EXPECT_EQ(migrate(db), 2);
  EXPECT_EQ(migrate(db), 2);
  EXPECT_EQ(schema_version(db), 2);
}

TEST(SqliteMigrations, FromV1AppliesOnlyTheNewOnesAndKeepsData) {
  testing::TempDir dir;
  Database db(dir.db_file());
  migrate(db, builtin_migrations().first(1));
  db.exec("INSERT INTO teams (id, source, created_at, updated_at) VALUES ('core', 'api', 1, 1)");
  const std::array<Migration, 2> next = {{
      builtin_migrations()[0],
      {2, "ALTER TABLE teams ADD COLUMN description TEXT NOT NULL DEFAULT 'none'"},
  }};
  EXPECT_EQ(migrate(db, next), 1);
  EXPECT_EQ(schema_version(db), 2);
  auto select = db.prepare("SELECT id, description FROM teams");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "core");
  EXPECT_EQ(select.column_text(1), "none");
}

TEST(SqliteMigrations, V2GivesKeysOfAV1FileNoLimitPerModel) {
  testing::TempDir dir;
  Database db(dir.db_file());
  migrate(db, builtin_migrations().first(1));
  db.exec(
      "INSERT INTO keys (id, secret_sha256, source, created_at, updated_at) VALUES ('old', "
      "zeroblob(32), 'api', 1, 1)");
  EXPECT_EQ(migrate(db), 1);
  EXPECT_EQ(schema_version(db), 2);
  auto select = db.prepare("SELECT id, model_rpm, model_tpm, model_max_parallel FROM keys");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "old");
  EXPECT_EQ(select.column_int(1), 0);
  EXPECT_EQ(select.column_int(2), 0);
  EXPECT_EQ(select.column_int(3), 0);
  EXPECT_THROW(db.exec("UPDATE keys SET model_rpm = -1"), SqliteError);
}

TEST(SqliteMigrations, AFailingMigrationLeavesThePreviousVersion) {
  testing::TempDir dir;
  Database db(dir.db_file());
  migrate(db, builtin_migrations().first(1));
  const std::array<Migration, 3> next = {{
      builtin_migrations()[0],
      {2, "CREATE TABLE extra (i INTEGER)"},
      {3, "ALTER TABLE no_such_table ADD COLUMN x INTEGER"},
  }};
  EXPECT_THROW(migrate(db, next), SqliteError);
  EXPECT_EQ(schema_version(db), 1);
  auto select = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_int(0), 0);
}

TEST(SqliteMigrations, RefusesADatabaseFromANewerBinary) {
  testing::TempDir dir;
  Database db(dir.db_file());
  migrate(db);
  db.exec("PRAGMA user_version = 7");
  try {
    migrate(db);
    FAIL() << "expected SchemaTooNewError";
  } catch (const SchemaTooNewError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("schema version 7"), std::string::npos) << message;
    EXPECT_NE(message.find("knows up to version 2"), std::string::npos) << message;
    EXPECT_NE(message.find(dir.db_file().string()), std::string::npos) << message;
  }
  EXPECT_EQ(schema_version(db), 7);
}

TEST(SqliteMigrations, RejectsAMisnumberedList) {
  testing::TempDir dir;
  Database db(dir.db_file());
  const std::array<Migration, 1> wrong = {{{2, "SELECT 1"}}};
  EXPECT_THROW(migrate(db, wrong), std::invalid_argument);
}

}  // namespace
}  // namespace llmgw::store::sqlite
