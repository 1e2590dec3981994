#include "observability/json_escape.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace llmgw::observability {
namespace {

std::string encode(std::string_view value) {
  std::string out;
  append_json_string(out, value);
  return out;
}

TEST(JsonEscapeTest, PlainTextIsOnlyQuoted) {
  EXPECT_EQ(encode("gpt-4o"), "\"gpt-4o\"");
  EXPECT_EQ(encode(""), "\"\"");
}

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(encode("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(encode("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(encode(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(encode(std::string("a\0b", 3)), R"("a\u0000b")");
}

TEST(JsonEscapeTest, KeepsValidUtf8) {
  const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";  // é € 😀
  EXPECT_EQ(encode(text), "\"" + text + "\"");
  EXPECT_EQ(nlohmann::json::parse(encode(text)).get<std::string>(), text);
}

TEST(JsonEscapeTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(encode("a\xff"
                   "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(encode("\xc0\xaf"), R"("\ufffd\ufffd")");                      // Overlong '/'.
  EXPECT_EQ(encode("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");            // UTF-16 surrogate.
  EXPECT_EQ(encode("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF.
  EXPECT_EQ(encode("x\xe2\x82"), R"("x\ufffd\ufffd")");                    // Truncated.
}

TEST(JsonEscapeTest, EveryByteStringYieldsParseableJson) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  for (std::size_t start = 0; start < all.size(); start += 7) {
    const std::string chunk = all.substr(start, 40) + all.substr(0, start % 13);
    EXPECT_TRUE(nlohmann::json::accept(encode(chunk))) << start;
  }
}

TEST(JsonEscapeTest, AppendsToExistingContent) {
  std::string out = "x=";
  append_json_string(out, "y");
  EXPECT_EQ(out, "x=\"y\"");
}

}  // namespace
}  // namespace llmgw::observability
