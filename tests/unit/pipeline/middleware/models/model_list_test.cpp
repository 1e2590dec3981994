#include "pipeline/middleware/models/model_list.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/config_builders.hpp"

namespace llmgw::pipeline {
namespace {

TEST(ModelListTest, ListsOnlyModelsTheKeyMayUse) {
  auto snapshot = testing::sample_snapshot();
  const auto& keys = snapshot->config().keys;
  auto all = nlohmann::json::parse(render_model_list(snapshot->config(), &keys[0]));
  EXPECT_EQ(all["object"], "list");
  EXPECT_EQ(all["data"].size(), 3u);
  auto limited = nlohmann::json::parse(render_model_list(snapshot->config(), &keys[1]));
  ASSERT_EQ(limited["data"].size(), 1u);
  EXPECT_EQ(limited["data"][0]["id"], "a");
  EXPECT_EQ(limited["data"][0]["object"], "model");
  EXPECT_TRUE(limited["data"][0].contains("created"));
  EXPECT_TRUE(limited["data"][0].contains("owned_by"));
}

}  // namespace
}  // namespace llmgw::pipeline
