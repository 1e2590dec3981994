#include "llmgw/core/http_types.hpp"

#include <gtest/gtest.h>

namespace llmgw {
namespace {

TEST(HttpTypesTest, SetHeaderReplacesCaseInsensitivelyOrAppends) {
  Headers headers{{"Content-Type", "text/plain"}};
  set_header(headers, "content-type", "application/json");
  set_header(headers, "X-Extra", "1");
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].first, "Content-Type");
  EXPECT_EQ(find_header(headers, "CONTENT-TYPE"), "application/json");
  EXPECT_EQ(find_header(headers, "x-extra"), "1");
}

TEST(HttpTypesTest, HeaderNamesMustBeTokensAndValuesCannotSplitTheBlock) {
  EXPECT_TRUE(safe_header_name("anthropic-beta"));
  EXPECT_FALSE(safe_header_name(""));
  EXPECT_FALSE(safe_header_name("bad name"));
  EXPECT_FALSE(safe_header_name("x:y"));
  EXPECT_FALSE(safe_header_name("caf\xc3\xa9"));
  EXPECT_TRUE(safe_header_value("a value, with; separators"));
  EXPECT_FALSE(safe_header_value("one\r\nInjected: yes"));
  EXPECT_FALSE(safe_header_value(std::string_view("nul\0byte", 8)));
}

}  // namespace
}  // namespace llmgw
