#include "llmgw/core/request_id.hpp"

#include <gtest/gtest.h>

namespace llmgw {
namespace {

TEST(RequestIdCoreTest, GeneratedIdsAreHexAndDistinct) {
  std::string a = generate_request_id();
  std::string b = generate_request_id();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RequestIdCoreTest, ClientIdsAreKeptOnlyWhenTheyCannotForgeLogLines) {
  EXPECT_EQ(request_id_from("abc-123"), "abc-123");
  EXPECT_TRUE(is_acceptable_request_id(std::string(128, 'x')));
  EXPECT_FALSE(is_acceptable_request_id(std::string(129, 'x')));
  EXPECT_FALSE(is_acceptable_request_id("a\"b"));
  EXPECT_FALSE(is_acceptable_request_id("a\\b"));
  EXPECT_FALSE(is_acceptable_request_id("tab\tid"));
  EXPECT_EQ(request_id_from("new\nline").size(), 32u);
}

}  // namespace
}  // namespace llmgw
