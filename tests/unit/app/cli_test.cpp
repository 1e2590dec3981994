#include "app/cli.hpp"

#include <gtest/gtest.h>

namespace llmgw::app {
namespace {

std::optional<CliOptions> parse(std::vector<std::string> args, std::string* error = nullptr) {
  std::string e;
  auto result = parse_cli(args, e);
  if (error) *error = e;
  return result;
}

TEST(CliTest, DefaultsToRunWithTheQuickStartConfig) {
  auto options = parse({});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->command, Command::run);
  EXPECT_EQ(options->config_file, "config/llmgw.yaml");
}

TEST(CliTest, ParsesEveryForm) {
  EXPECT_EQ(parse({"--config", "a.yaml"})->config_file, "a.yaml");
  EXPECT_EQ(parse({"-c", "b.yaml"})->config_file, "b.yaml");
  EXPECT_EQ(parse({"--config=c.yaml"})->config_file, "c.yaml");
  auto check = parse({"--check-config", "d.yaml"});
  EXPECT_EQ(check->command, Command::check_config);
  EXPECT_EQ(check->config_file, "d.yaml");
  EXPECT_EQ(parse({"--version"})->command, Command::version);
  EXPECT_EQ(parse({"--help"})->command, Command::help);
}

TEST(CliTest, RejectsMisuseWithAReason) {
  std::string error;
  EXPECT_FALSE(parse({"--config"}, &error));
  EXPECT_NE(error.find("--config needs a file"), std::string::npos);
  EXPECT_FALSE(parse({"--bogus"}, &error));
  EXPECT_NE(error.find("--bogus"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::app
