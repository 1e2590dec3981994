#include "llmgw/core/text.hpp"

#include <gtest/gtest.h>

namespace llmgw {
namespace {

TEST(TextTest, TruncationKeepsUtf8Whole) {
  std::string text(255, 'a');
  text.append("\xC3\xA9tail");  // é straddles the cut
  std::string expected(255, 'a');
  expected.append("...");
  EXPECT_EQ(truncate_for_message(text, 256), expected);
  EXPECT_EQ(truncate_for_message("short"), "short");
}

TEST(TextTest, TextAtTheLimitIsKeptWhole) {
  std::string text(256, 'b');
  EXPECT_EQ(truncate_for_message(text, 256), text);
}

}  // namespace
}  // namespace llmgw
