#include "llmgw/config/snapshot.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"

namespace llmgw::config {
namespace {

TEST(SnapshotTest, Sha256MatchesKnownDigest) {
  Sha256 digest = sha256("abc");
  EXPECT_EQ(digest[0], 0xba);
  EXPECT_EQ(digest[1], 0x78);
  EXPECT_EQ(digest[31], 0xad);
}

TEST(SnapshotTest, FindsKeysByDigestAndModelsByName) {
  auto snapshot = testing::sample_snapshot();
  const KeyConfig* key = snapshot->find_key(sha256("sk-all"));
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->id, "all");
  EXPECT_EQ(snapshot->find_key(sha256("sk-none")), nullptr);
  ASSERT_NE(snapshot->find_model("c"), nullptr);
  EXPECT_EQ(snapshot->find_model("c")->deployments.size(), 2u);
  EXPECT_EQ(snapshot->find_model("zzz"), nullptr);
}

}  // namespace
}  // namespace llmgw::config
