// Tests for src/config/model_section.cpp (read_models).
#include "config/sections.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;
using testing::read_document;

TEST(ModelSectionTest, ReadsModelsAndDeployments) {
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
models:
  - name: llama
    owned_by: meta
    created: 1700000000
    deployments:
      - {provider: a, model: llama-3-70b}
      - {provider: b, model: meta-llama/Llama-3-70B}
)",
                              diag);
  EXPECT_FALSE(diag.has_errors());
  ASSERT_EQ(config.models.size(), 1u);
  const auto& model = config.models[0];
  EXPECT_EQ(model.name, "llama");
  EXPECT_EQ(model.owned_by, "meta");
  EXPECT_EQ(model.created, 1700000000);
  ASSERT_EQ(model.deployments.size(), 2u);
  EXPECT_EQ(model.deployments[1].provider, "b");
  EXPECT_EQ(model.deployments[1].upstream_model, "meta-llama/Llama-3-70B");
}

TEST(ModelSectionTest, DefaultsForOptionalFields) {
  Diagnostics diag("f.yaml");
  auto config =
      read_document("models: [{name: m, deployments: [{provider: p, model: x}]}]\n", diag);
  ASSERT_EQ(config.models.size(), 1u);
  EXPECT_EQ(config.models[0].owned_by, "llmgw");
  EXPECT_EQ(config.models[0].created, 0);
  EXPECT_FALSE(config.models[0].drop_unsupported);
  EXPECT_EQ(config.models[0].default_max_tokens, 0);
}

TEST(ModelSectionTest, ReadsDropUnsupportedAndDefaultMaxTokens) {
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
models:
  - name: claude
    drop_unsupported: true
    default_max_tokens: 8192
    deployments: [{provider: anthropic, model: claude-sonnet-4-5}]
)",
                              diag);
  EXPECT_FALSE(diag.has_errors()) << testing::dump(diag.errors());
  ASSERT_EQ(config.models.size(), 1u);
  EXPECT_TRUE(config.models[0].drop_unsupported);
  EXPECT_EQ(config.models[0].default_max_tokens, 8192);
}

TEST(ModelSectionTest, BadDropUnsupportedAndDefaultMaxTokens) {
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
models:
  - name: a
    drop_unsupported: yes please
    default_max_tokens: 0
    deployments: [{provider: p, model: x}]
  - name: b
    default_max_tokens: -5
    deployments: [{provider: p, model: x}]
  - name: c
    default_max_tokens: 1000001
    deployments: [{provider: p, model: x}]
  - name: d
    default_max_tokens: 4k
    deployments: [{provider: p, model: x}]
)",
                              diag);
  const auto* drop = find_issue(diag.errors(), "models[0].drop_unsupported");
  ASSERT_NE(drop, nullptr);
  EXPECT_EQ(drop->line, 4);
  EXPECT_EQ(drop->message, "must be true or false");
  for (int i = 0; i < 3; ++i) {
    const auto path = "models[" + std::to_string(i) + "].default_max_tokens";
    const auto* issue = find_issue(diag.errors(), path);
    ASSERT_NE(issue, nullptr) << path;
    EXPECT_EQ(issue->message, "must be between 1 and 1000000") << path;
  }
  EXPECT_EQ(find_issue(diag.errors(), "models[0].default_max_tokens")->line, 5);
  const auto* word = find_issue(diag.errors(), "models[3].default_max_tokens");
  ASSERT_NE(word, nullptr);
  EXPECT_EQ(word->message, "must be a whole number");
  for (const auto& model : config.models) EXPECT_EQ(model.default_max_tokens, 0) << model.name;
}

TEST(ModelSectionTest, RequiredFieldsAndShapes) {
  Diagnostics diag("f.yaml");
  read_document(R"(
models:
  - name: no-deployments
  - name: bad-deployments
    deployments: {provider: a}
  - name: incomplete
    deployments:
      - provider: a
      - 42
  - created: soon
    deployments: [{provider: a, model: b, region: eu}]
)",
                diag);
  EXPECT_NE(find_issue(diag.errors(), "models[0].deployments"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models[1].deployments"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models[2].deployments[0].model"), nullptr);
  const auto* item = find_issue(diag.errors(), "models[2].deployments[1]");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->line, 9);
  EXPECT_NE(find_issue(diag.errors(), "models[3].name"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models[3].created"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "models[3].deployments[0].region"), nullptr);
}

}  // namespace
}  // namespace llmgw::config
