#include "config/diagnostics.hpp"

#include <gtest/gtest.h>

namespace llmgw::config {
namespace {

TEST(DiagnosticsTest, PathHelpers) {
  EXPECT_EQ(join_path("", "server"), "server");
  EXPECT_EQ(join_path("server", "listen"), "server.listen");
  EXPECT_EQ(index_path("models", 2), "models[2]");
}

TEST(DiagnosticsTest, LineOfFallsBackToNearestAncestor) {
  Diagnostics diag("f.yaml");
  diag.record_line("models", 10);
  diag.record_line("models[1]", 14);
  diag.record_line("models[1].deployments[0].provider", 17);
  EXPECT_EQ(diag.line_of("models[1].deployments[0].provider"), 17);
  EXPECT_EQ(diag.line_of("models[1].deployments[0].model"), 14);
  EXPECT_EQ(diag.line_of("models[3].name"), 10);
  EXPECT_EQ(diag.line_of("keys[0]"), 0);
  EXPECT_EQ(diag.line_of(""), 0);
}

TEST(DiagnosticsTest, IgnoresUnknownLinesAndKeepsTheFirstRecord) {
  Diagnostics diag("f.yaml");
  diag.record_line("a", 0);
  EXPECT_EQ(diag.line_of("a"), 0);
  diag.record_line("a", 3);
  diag.record_line("a", 9);
  EXPECT_EQ(diag.line_of("a"), 3);
}

TEST(DiagnosticsTest, ErrorsUseRecordedLines) {
  Diagnostics diag("f.yaml");
  diag.record_line("server.workers", 4);
  diag.error("server.workers", "too many");
  diag.warning("server", 2, "note");
  ASSERT_TRUE(diag.has_errors());
  EXPECT_EQ(diag.errors()[0].to_string(), "f.yaml:4: server.workers: too many");
  EXPECT_EQ(diag.warning_lines(), std::vector<std::string>{"f.yaml:2: server: note"});
}

TEST(DiagnosticsTest, ThrowsOnlyWhenThereAreErrors) {
  Diagnostics diag("f.yaml");
  diag.warning("x", 1, "just a warning");
  EXPECT_NO_THROW(diag.throw_if_errors());
  diag.error("y", 2, "broken");
  try {
    diag.throw_if_errors();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].path, "y");
  }
}

TEST(DiagnosticsTest, ThrownErrorsAreInLineOrder) {
  Diagnostics diag("f.yaml");
  diag.error("late", 9, "a");
  diag.error("file", 0, "b");
  diag.error("early", 2, "c");
  diag.error("also-early", 2, "d");
  try {
    diag.throw_if_errors();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.issues().size(), 4u);
    EXPECT_EQ(e.issues()[0].path, "file");
    EXPECT_EQ(e.issues()[1].path, "early");
    EXPECT_EQ(e.issues()[2].path, "also-early");
    EXPECT_EQ(e.issues()[3].path, "late");
  }
}

TEST(DiagnosticsTest, CapsTheNumberOfIssues) {
  Diagnostics diag("f.yaml");
  for (int i = 0; i < 1000; ++i) diag.error("p", i + 1, "e");
  EXPECT_TRUE(diag.error_limit_reached());
  ASSERT_EQ(diag.errors().size(), Diagnostics::kMaxIssues + 1);
  EXPECT_NE(diag.errors().back().message.find("too many"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
