#include "llmgw/governance/key_index.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"

namespace llmgw::governance {
namespace {

IndexedKey api_key(std::string id, std::string_view secret) {
  IndexedKey key;
  key.key = testing::key(std::move(id), secret);
  return key;
}

std::shared_ptr<const KeyIndex> index_of(std::uint64_t generation, std::vector<IndexedKey> keys,
                                         std::vector<AccessEntry> access = {}) {
  std::vector<config::TeamConfig> teams(1);
  teams[0].id = "research";
  return std::make_shared<const KeyIndex>(generation, std::move(keys), std::move(teams),
                                          std::move(access));
}

TEST(KeyIndexTest, FindsCurrentSecretsAndReportsRevokedKeys) {
  std::vector<IndexedKey> keys{api_key("alive", "sk-alive"), api_key("gone", "sk-gone")};
  keys[1].revoked_at_ms = 5;
  auto index = index_of(1, std::move(keys));
  auto alive = index->find(config::sha256("sk-alive"), 0);
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->key->id, "alive");
  EXPECT_FALSE(alive->revoked);
  auto gone = index->find(config::sha256("sk-gone"), 0);
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->revoked);
  EXPECT_FALSE(index->find(config::sha256("sk-unknown"), 0));
}

TEST(KeyIndexTest, RotatedOutSecretWorksUntilItsGraceEndsWithoutAReload) {
  std::vector<IndexedKey> keys{api_key("rotated", "sk-new")};
  keys[0].previous_secret_sha256 = config::sha256("sk-old");
  keys[0].previous_until_ms = 10'000;
  auto index = index_of(1, std::move(keys));
  EXPECT_TRUE(index->find(config::sha256("sk-old"), 9'999));
  EXPECT_FALSE(index->find(config::sha256("sk-old"), 10'000));
  EXPECT_TRUE(index->find(config::sha256("sk-new"), 10'000));
}

TEST(KeyIndexTest, AccessIsPerTeamAndModel) {
  std::vector<AccessEntry> access{{"research", "gpt-x", {true, {}, false}},
                                  {"research", "gpt-y", {false, "ar-1", true}}};
  auto index = index_of(1, {}, std::move(access));
  EXPECT_TRUE(index->access("research", "gpt-x").approved);
  EXPECT_FALSE(index->access("research", "gpt-y").approved);
  EXPECT_EQ(index->access("research", "gpt-y").request_id, "ar-1");
  EXPECT_FALSE(index->access("other", "gpt-x").approved);
  EXPECT_TRUE(index->access("other", "gpt-x").request_id.empty());
  ASSERT_NE(index->find_team("research"), nullptr);
  EXPECT_EQ(index->find_team("nobody"), nullptr);
}

TEST(KeyIndexTest, StoreKeepsTheNewestGeneration) {
  KeyIndexStore store;
  EXPECT_TRUE(store.replace_if_newer(index_of(2, {api_key("two", "sk-2")})));
  EXPECT_FALSE(store.replace_if_newer(index_of(1, {api_key("one", "sk-1")})));
  EXPECT_FALSE(store.replace_if_newer(index_of(2, {})));
  EXPECT_EQ(store.current()->generation(), 2u);
  EXPECT_TRUE(store.current()->find(config::sha256("sk-2"), 0));
}

}  // namespace
}  // namespace llmgw::governance
