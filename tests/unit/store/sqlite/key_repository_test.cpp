#include "store/sqlite/key_repository.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_executor.hpp"
#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

config::Sha256 hash_of(std::uint8_t seed) {
  config::Sha256 hash{};
  for (std::size_t i = 0; i < hash.size(); ++i) hash[i] = static_cast<std::uint8_t>(seed + i);
  return hash;
}

KeyRecord key(std::string id, std::string team, std::uint8_t seed) {
  KeyRecord k;
  k.id = std::move(id);
  k.team_id = std::move(team);
  k.secret_sha256 = hash_of(seed);
  k.allowed_models = {"gpt-4o", "claude"};
  k.limits = {60, 10000, 4};
  k.model_limits = {6, 1000, 2};
  k.budget = {5'000'000'000'000, config::BudgetPeriod::week};
  k.expires_at_ms = 9'000'000;
  k.tags = {{"env", "prod"}, {"owner", "ana"}};
  k.created_at_ms = 1000;
  k.updated_at_ms = 1000;
  return k;
}

class KeyRepositoryTest : public ::testing::Test {
 protected:
  KeyRepositoryTest() : db_(dir_.db_file()) { migrate(db_); }
  testing::TempDir dir_;
  Database db_;
};

TEST_F(KeyRepositoryTest, CreateThenGetRoundTripsEveryAttribute) {
  const KeyRecord original = key("k1", "team-a", 1);
  ASSERT_TRUE(create_key(db_, original).ok());
  auto loaded = get_key(db_, "k1");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->id, "k1");
  EXPECT_EQ(loaded->team_id, "team-a");
  EXPECT_EQ(loaded->role, config::KeyRole::user);
  EXPECT_EQ(loaded->secret_sha256, hash_of(1));
  EXPECT_FALSE(loaded->previous_secret_sha256.has_value());
  EXPECT_EQ(loaded->allowed_models, original.allowed_models);
  EXPECT_EQ(loaded->limits.rpm, 60);
  EXPECT_EQ(loaded->limits.tpm, 10000);
  EXPECT_EQ(loaded->limits.max_parallel, 4);
  EXPECT_EQ(loaded->model_limits.rpm, 6);
  EXPECT_EQ(loaded->model_limits.tpm, 1000);
  EXPECT_EQ(loaded->model_limits.max_parallel, 2);
  EXPECT_EQ(loaded->budget.amount, 5'000'000'000'000);
  EXPECT_EQ(loaded->budget.period, config::BudgetPeriod::week);
  EXPECT_EQ(loaded->expires_at_ms, 9'000'000);
  EXPECT_EQ(loaded->tags, original.tags);
  EXPECT_EQ(loaded->source, Source::api);
  EXPECT_FALSE(loaded->revoked());
}

TEST_F(KeyRepositoryTest, DuplicateIdOrSecretIsAClearConflict) {
  ASSERT_TRUE(create_key(db_, key("k1", "team-a", 1)).ok());
  auto same_id = create_key(db_, key("k1", "team-b", 2));
  ASSERT_FALSE(same_id.ok());
  EXPECT_TRUE(is_duplicate(same_id.error()));
  EXPECT_EQ(same_id.error().http_status, 409);
  EXPECT_EQ(same_id.error().message, "key 'k1' already exists");

  auto same_secret = create_key(db_, key("k2", "team-a", 1));
  ASSERT_FALSE(same_secret.ok());
  EXPECT_EQ(same_secret.error().code, "duplicate_secret");
  EXPECT_EQ(same_secret.error().message.find("k1"), std::string::npos);
}

TEST_F(KeyRepositoryTest, OutOfRangeValuesAreInvalidRequests) {
  KeyRecord bad = key("k1", "team-a", 1);
  bad.limits.rpm = -1;
  auto created = create_key(db_, bad);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().http_status, 400);
}

TEST_F(KeyRepositoryTest, ListsByTeamInIdOrderWithPaging) {
  for (const char* id : {"c", "a", "b"}) {
    ASSERT_TRUE(create_key(db_, key(id, "team-a", static_cast<std::uint8_t>(id[0]))).ok());
  }
  ASSERT_TRUE(create_key(db_, key("z", "team-b", 9)).ok());
  ASSERT_TRUE(revoke_key(db_, "b", 2000).ok());

  KeyListOptions team_a;
  team_a.team_id = "team-a";
  auto active = list_keys(db_, team_a);
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 2u);
  EXPECT_EQ((*active)[0].id, "a");
  EXPECT_EQ((*active)[1].id, "c");

  team_a.include_revoked = true;
  team_a.page = {"a", 1};
  auto page = list_keys(db_, team_a);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, "b");

  auto all = list_keys(db_, KeyListOptions{});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(KeyRepositoryTest, PatchChangesOnlyWhatItNames) {
  ASSERT_TRUE(create_key(db_, key("k1", "team-a", 1)).ok());
  KeyPatch patch;
  patch.rpm = 10;
  patch.model_tpm = 50;
  patch.expires_at_ms = std::optional<std::int64_t>();  // Remove the expiry.
  patch.role = config::KeyRole::team_admin;
  auto patched = patch_key(db_, "k1", patch, 5000);
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ(patched->limits.rpm, 10);
  EXPECT_EQ(patched->limits.tpm, 10000);
  EXPECT_EQ(patched->model_limits.rpm, 6);
  EXPECT_EQ(patched->model_limits.tpm, 50);
  EXPECT_FALSE(patched->expires_at_ms.has_value());
  EXPECT_EQ(patched->role, config::KeyRole::team_admin);
  EXPECT_EQ(patched->updated_at_ms, 5000);
  EXPECT_EQ(patched->created_at_ms, 1000);
  auto reloaded = get_key(db_, "k1");
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(reloaded->limits.rpm, 10);
  EXPECT_EQ(reloaded->model_limits.tpm, 50);
  EXPECT_FALSE(reloaded->expires_at_ms.has_value());

  auto missing = patch_key(db_, "nope", patch, 5000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().http_status, 404);
  EXPECT_EQ(missing.error().message, "key 'nope' does not exist");
}

TEST_F(KeyRepositoryTest, RevokeIsIdempotentAndRevokedKeysCannotChange) {
  ASSERT_TRUE(create_key(db_, key("k1", "team-a", 1)).ok());
  auto revoked = revoke_key(db_, "k1", 2000);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->revoked_at_ms, 2000);
  auto again = revoke_key(db_, "k1", 3000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->revoked_at_ms, 2000);
  auto patched = patch_key(db_, "k1", KeyPatch{}, 4000);
  ASSERT_FALSE(patched.ok());
  EXPECT_EQ(patched.error().code, "conflict");
  auto rotated = rotate_key(db_, "k1", hash_of(50), milliseconds(1000), 4000);
  ASSERT_FALSE(rotated.ok());
  // Auth still finds it, to answer "revoked" rather than "unknown key".
  auto found = find_key_by_secret(db_, hash_of(1), 4000);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->revoked());
}

TEST_F(KeyRepositoryTest, RotationKeepsTheOldSecretForTheGracePeriodOnly) {
  ASSERT_TRUE(create_key(db_, key("k1", "team-a", 1)).ok());
  auto rotated = rotate_key(db_, "k1", hash_of(100), milliseconds(60000), 10000);
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(rotated->secret_sha256, hash_of(100));
  EXPECT_EQ(rotated->previous_secret_sha256, hash_of(1));
  EXPECT_EQ(rotated->previous_secret_expires_at_ms, 70000);

  auto by_new = find_key_by_secret(db_, hash_of(100), 20000);
  ASSERT_TRUE(by_new.ok() && by_new->has_value());
  EXPECT_EQ((*by_new)->id, "k1");
  auto by_old_in_grace = find_key_by_secret(db_, hash_of(1), 69999);
  ASSERT_TRUE(by_old_in_grace.ok() && by_old_in_grace->has_value());
  EXPECT_EQ((*by_old_in_grace)->id, "k1");
  auto by_old_after = find_key_by_secret(db_, hash_of(1), 70000);
  ASSERT_TRUE(by_old_after.ok());
  EXPECT_FALSE(by_old_after->has_value());
  auto unknown = find_key_by_secret(db_, hash_of(200), 0);
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());

  // A second rotation replaces the previous secret; zero grace drops it at once.
  auto immediate = rotate_key(db_, "k1", hash_of(150), milliseconds(0), 20000);
  ASSERT_TRUE(immediate.ok());
  EXPECT_FALSE(immediate->previous_secret_sha256.has_value());
  auto by_second = find_key_by_secret(db_, hash_of(100), 20001);
  ASSERT_TRUE(by_second.ok());
  EXPECT_FALSE(by_second->has_value());
}

TEST_F(KeyRepositoryTest, RotatingToASecretInUseIsRefused) {
  ASSERT_TRUE(create_key(db_, key("k1", "team-a", 1)).ok());
  ASSERT_TRUE(create_key(db_, key("k2", "team-a", 2)).ok());
  auto rotated = rotate_key(db_, "k1", hash_of(2), milliseconds(1000), 5000);
  ASSERT_FALSE(rotated.ok());
  EXPECT_EQ(rotated.error().code, "duplicate_secret");
  auto unchanged = get_key(db_, "k1");
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->secret_sha256, hash_of(1));
}

TEST_F(KeyRepositoryTest, KeysFromTheConfigFileAreReadOnly) {
  KeyRecord from_yaml = key("ops", "", 7);
  from_yaml.source = Source::yaml;
  ASSERT_TRUE(create_key(db_, from_yaml).ok());
  for (auto result : {patch_key(db_, "ops", KeyPatch{}, 1), revoke_key(db_, "ops", 1),
                      rotate_key(db_, "ops", hash_of(8), milliseconds(0), 1)}) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "read_only");
  }
}

asio::awaitable<void> create_through(SqliteExecutor& executor, KeyRecord record,
                                     std::optional<Result<KeyRecord>>& out) {
  auto job = [record](Database& db) { return create_key(db, record); };
  const auto timeout = milliseconds(5000);
  auto result = co_await executor.run(std::move(job), timeout);
  out.emplace(std::move(result));
}

TEST(KeyRepositoryThroughExecutor, DuplicateIsReportedToTheCoroutine) {
  testing::TempDir dir;
  Database db(dir.db_file());
  migrate(db);
  SqliteExecutor executor(std::move(db));
  boost::asio::io_context ioc;
  std::optional<Result<KeyRecord>> first, second;
  boost::asio::co_spawn(ioc, create_through(executor, key("k1", "t", 1), first),
                        boost::asio::detached);
  boost::asio::co_spawn(ioc, create_through(executor, key("k1", "t", 2), second),
                        boost::asio::detached);
  ioc.run();
  ASSERT_TRUE(first && first->ok());
  ASSERT_TRUE(second && !second->ok());
  EXPECT_TRUE(is_duplicate(second->error()));
}

}  // namespace
}  // namespace llmgw::store::sqlite
