#include "golden/golden_case.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "golden/text_diff.hpp"

namespace llmgw::golden {
namespace {

namespace fs = std::filesystem;

class GoldenCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("llmgw_golden_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void touch(const fs::path& path) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "x";
  }
  fs::path root_;
};

TEST_F(GoldenCaseTest, DiscoversCasesSortedWithGtestNames) {
  fs::create_directories(root_ / "gemini" / "b-case");
  fs::create_directories(root_ / "anthropic" / "a.case");
  touch(root_ / "README.md");
  touch(root_ / "gemini" / "README.md");
  const auto cases = discover_cases(root_);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].name, "anthropic_a_case");
  EXPECT_EQ(cases[1].name, "gemini_b_case");
  EXPECT_TRUE(cases[0].discovery_error.empty());
}

TEST_F(GoldenCaseTest, MalformedTreesBecomeFailingEntries) {
  touch(root_ / "stray.json");
  touch(root_ / "openai" / "loose_file.json");
  fs::create_directories(root_ / "bedrock");
  const auto cases = discover_cases(root_);
  // The loose file, and its folder for holding no case; the stray root file; empty bedrock.
  ASSERT_EQ(cases.size(), 4u);
  for (const auto& c : cases) EXPECT_FALSE(c.discovery_error.empty()) << c.name;
  EXPECT_FALSE(discover_cases(root_ / "nope").front().discovery_error.empty());
}

TEST_F(GoldenCaseTest, DuplicateNamesAfterSanitisingAreMadeUnique) {
  fs::create_directories(root_ / "p" / "a-b");
  fs::create_directories(root_ / "p" / "a_b");
  const auto cases = discover_cases(root_);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_NE(cases[0].name, cases[1].name);
}

TEST(GoldenTargetTest, BuildsProviderDeploymentAndModel) {
  std::string error;
  const auto target = load_target(
      R"({"kind":"bedrock","upstream_model":"anthropic.claude","drop_unsupported":true,)"
      R"("default_max_tokens":512,"bedrock":{"region":"eu-west-1"}})",
      "pub", error);
  ASSERT_TRUE(target) << error;
  EXPECT_EQ(target->provider.name, "golden");
  EXPECT_EQ(target->provider.kind, config::ProviderKind::bedrock);
  EXPECT_EQ(target->provider.origin.host, "bedrock-runtime.eu-west-1.amazonaws.com");
  EXPECT_EQ(target->provider.bedrock.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(target->deployment.upstream_model, "anthropic.claude");
  EXPECT_EQ(target->model.name, "pub");
  EXPECT_TRUE(target->model.drop_unsupported);
  EXPECT_EQ(target->model.default_max_tokens, 512);

  const auto openai = load_target(R"({"kind":"openai","upstream_model":"m"})", "pub", error);
  ASSERT_TRUE(openai) << error;
  EXPECT_EQ(openai->provider.origin.host, "api.openai.com");
  EXPECT_EQ(openai->provider.origin.base_path, "/v1");
  EXPECT_EQ(openai->provider.api_key, "golden-key");
}

TEST(GoldenTargetTest, RefusesTyposAndUnknownKinds) {
  std::string error;
  EXPECT_FALSE(load_target(R"({"kind":"openai","upstream_modle":"m"})", "p", error));
  EXPECT_NE(error.find("upstream_modle"), std::string::npos);
  EXPECT_FALSE(load_target(R"({"kind":"cohere","upstream_model":"m"})", "p", error));
  EXPECT_FALSE(load_target(R"({"kind":"openai"})", "p", error));
  EXPECT_FALSE(
      load_target(R"({"kind":"gemini","upstream_model":"m","gemini":{"vertx":true}})", "p", error));
  EXPECT_FALSE(load_target("not json", "p", error));
}

TEST(TextDiffTest, PointsAtTheFirstDifferentLine) {
  EXPECT_EQ(describe_difference("a\nb\n", "a\nb\n"), "");
  const std::string diff = describe_difference("a\nb\nc\n", "a\nB\r\nc\n");
  EXPECT_NE(diff.find("line 2"), std::string::npos) << diff;
  EXPECT_NE(diff.find("B\\r\\n"), std::string::npos) << diff;
  EXPECT_NE(describe_difference("a\n", "a").find("expected 2 bytes, got 1"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::golden
