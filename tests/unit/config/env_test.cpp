#include "config/env.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;

TEST(EnvTest, ValidNames) {
  EXPECT_TRUE(is_env_name("OPENAI_API_KEY"));
  EXPECT_TRUE(is_env_name("_x1"));
  EXPECT_FALSE(is_env_name(""));
  EXPECT_FALSE(is_env_name("1ABC"));
  EXPECT_FALSE(is_env_name("A-B"));
  EXPECT_FALSE(is_env_name("A B"));
  EXPECT_FALSE(is_env_name(std::string(129, 'A')));
}

TEST(EnvTest, WholeReferenceOnlyWhenTheValueIsExactlyOne) {
  EXPECT_EQ(whole_env_reference("${OPENAI_API_KEY}"), "OPENAI_API_KEY");
  EXPECT_FALSE(whole_env_reference("sk-${KEY}"));
  EXPECT_FALSE(whole_env_reference("${KEY}x"));
  EXPECT_FALSE(whole_env_reference("${A}${B}"));
  EXPECT_FALSE(whole_env_reference("${}"));
  EXPECT_FALSE(whole_env_reference("$KEY"));
  EXPECT_FALSE(whole_env_reference("${1X}"));
  EXPECT_TRUE(mentions_env_reference("a${B"));
  EXPECT_FALSE(mentions_env_reference("a$B{"));
}

TEST(EnvTest, LookupTrimsTrailingWhitespaceAndTreatsEmptyAsUnset) {
  FakeEnv env{{"KEY", "sk-1\n"}, {"EMPTY", ""}, {"BLANK", " \r\n"}, {"INNER", " a b "}};
  EXPECT_EQ(lookup_env(env.lookup(), "KEY"), "sk-1");
  EXPECT_FALSE(lookup_env(env.lookup(), "EMPTY"));
  EXPECT_FALSE(lookup_env(env.lookup(), "BLANK"));
  EXPECT_FALSE(lookup_env(env.lookup(), "MISSING"));
  EXPECT_EQ(lookup_env(env.lookup(), "INNER"), " a b");
  EXPECT_FALSE(lookup_env(EnvLookup{}, "KEY"));
}

TEST(EnvTest, InterpolatesEveryReference) {
  FakeEnv env{{"USER", "ada"}, {"TEAM", "core"}};
  std::string error;
  auto result = interpolate_env("Bearer ${USER}/${TEAM}/${USER}", env.lookup(), error);
  ASSERT_TRUE(result) << error;
  EXPECT_EQ(result->text, "Bearer ada/core/ada");
  EXPECT_TRUE(result->missing.empty());
}

TEST(EnvTest, ListsMissingVariablesOnce) {
  FakeEnv env{{"SET", "x"}};
  std::string error;
  auto result = interpolate_env("${GONE}-${SET}-${GONE}-${ALSO}", env.lookup(), error);
  ASSERT_TRUE(result) << error;
  EXPECT_EQ(result->text, "-x--");
  EXPECT_EQ(result->missing, (std::vector<std::string>{"GONE", "ALSO"}));
}

TEST(EnvTest, DollarsThatAreNotReferencesStay) {
  FakeEnv env{{"A", "1"}};
  std::string error;
  auto result = interpolate_env("$5 $A $$ $${A} ${A}$", env.lookup(), error);
  ASSERT_TRUE(result) << error;
  EXPECT_EQ(result->text, "$5 $A $$ ${A} 1$");
}

TEST(EnvTest, MalformedReferencesAreErrors) {
  FakeEnv env;
  std::string error;
  EXPECT_FALSE(interpolate_env("abc ${OPEN", env.lookup(), error));
  EXPECT_NE(error.find("unterminated"), std::string::npos);
  EXPECT_FALSE(interpolate_env("${1BAD}", env.lookup(), error));
  EXPECT_NE(error.find("name"), std::string::npos);
  EXPECT_FALSE(interpolate_env("${}", env.lookup(), error));
}

TEST(EnvTest, ProcessEnvironmentReadsGetenv) {
  ::setenv("LLMGW_ENV_TEST_VALUE", "from-process", 1);
  EXPECT_EQ(lookup_env(process_environment(), "LLMGW_ENV_TEST_VALUE"), "from-process");
  ::unsetenv("LLMGW_ENV_TEST_VALUE");
  EXPECT_FALSE(lookup_env(process_environment(), "LLMGW_ENV_TEST_VALUE"));
}

}  // namespace
}  // namespace llmgw::config
