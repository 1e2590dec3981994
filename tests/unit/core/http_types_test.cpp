#include "llmgw/core/http_types.hpp"

#include <gtest/gtest.h>

#include <limits>

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

TEST(HttpTypesTest, FormattedHeadersAreCompleteHeaderLines) {
  FormattedHeaders headers;
  EXPECT_TRUE(headers.empty());
  headers.add("x-ratelimit-limit-requests", std::int64_t{60});
  headers.add("x-ratelimit-remaining-tokens", std::numeric_limits<std::int64_t>::min());
  headers.add("x-llmgw-cost", "0.0012345");
  EXPECT_EQ(headers.lines(),
            "x-ratelimit-limit-requests: 60\r\n"
            "x-ratelimit-remaining-tokens: -9223372036854775808\r\n"
            "x-llmgw-cost: 0.0012345\r\n");
}

}  // namespace
}  // namespace llmgw
