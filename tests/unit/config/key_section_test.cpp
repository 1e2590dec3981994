// Tests for src/config/key_section.cpp (read_keys).
#include "config/sections.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "config/secrets.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::find_issue;
using testing::read_document;
using testing::TempDir;

TEST(KeySectionTest, ReadsKeysFromEverySource) {
  TempDir dir;
  dir.write("keys/b.txt", "secret-b\n");
  FakeEnv env{{"KEY_A", "secret-a"}};
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
keys:
  - id: a
    secret: ${KEY_A}
    models: [m1, m2]
  - id: b
    secret_file: keys/b.txt
  - id: c
    secret_sha256: f3abf2a6cc4f00987743db5f544ba345b4899ae31f326d8ee9c4816de153c9e0
)",
                              diag, env, dir.path());
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(config.keys.size(), 3u);
  EXPECT_EQ(config.keys[0].id, "a");
  EXPECT_EQ(config.keys[0].secret_sha256, sha256("secret-a"));
  EXPECT_EQ(config.keys[0].allowed_models, (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(config.keys[1].secret_sha256, sha256("secret-b"));
  EXPECT_TRUE(config.keys[1].allowed_models.empty());
  EXPECT_EQ(config.keys[2].secret_sha256, sha256("sk-test"));
  EXPECT_TRUE(diag.warnings().empty());
}

TEST(KeySectionTest, LiteralSecretWarnsWithoutTheValue) {
  Diagnostics diag("f.yaml");
  auto config = read_document("keys:\n  - id: a\n    secret: hunter2-literal\n", diag);
  ASSERT_EQ(config.keys.size(), 1u);
  EXPECT_TRUE(config.keys[0].enabled);
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_EQ(diag.warnings()[0].path, "keys[0].secret");
  EXPECT_EQ(diag.warnings()[0].line, 3);
  EXPECT_EQ(diag.warnings()[0].to_string().find("hunter2"), std::string::npos);
}

TEST(KeySectionTest, EmptyAllowListAndMissingIdAreErrors) {
  Diagnostics diag("f.yaml");
  read_document("keys:\n  - secret_sha256: " + std::string(64, 'a') + "\n    models: []\n", diag);
  EXPECT_NE(find_issue(diag.errors(), "keys[0].id"), nullptr);
  const auto* models = find_issue(diag.errors(), "keys[0].models");
  ASSERT_NE(models, nullptr);
  EXPECT_NE(models->message.find("leave it out"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
