// Tests for src/config/config_error.cpp, which implements ConfigIssue and ConfigError.
#include "llmgw/config/loader.hpp"

#include <gtest/gtest.h>

namespace llmgw::config {
namespace {

TEST(ConfigErrorTest, IssueRendersFileLinePathMessage) {
  ConfigIssue issue{"config/llmgw.yaml", 12, "models[2].deployments[0].provider",
                    "unknown provider \"foo\""};
  EXPECT_EQ(issue.to_string(),
            "config/llmgw.yaml:12: models[2].deployments[0].provider: unknown provider \"foo\"");
}

TEST(ConfigErrorTest, IssueLeavesOutUnknownLineAndEmptyPath) {
  EXPECT_EQ((ConfigIssue{"a.yaml", 0, "", "cannot read"}).to_string(), "a.yaml: cannot read");
  EXPECT_EQ((ConfigIssue{"a.yaml", 3, "", "bad"}).to_string(), "a.yaml:3: bad");
  EXPECT_EQ((ConfigIssue{"", 3, "x", "bad"}).to_string(), "<config>:3: x: bad");
}

TEST(ConfigErrorTest, WhatListsEveryIssueOnItsOwnLine) {
  ConfigError error({{"f", 1, "a", "first"}, {"f", 2, "b", "second"}});
  EXPECT_STREQ(error.what(), "f:1: a: first\nf:2: b: second");
  ASSERT_EQ(error.issues().size(), 2u);
  EXPECT_EQ(error.issues()[1].path, "b");
}

}  // namespace
}  // namespace llmgw::config
