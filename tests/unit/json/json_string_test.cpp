#include "json/json_string.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace llmgw::json {
namespace {

TEST(JsonStringTest, ScansPlainAndEscapedStrings) {
  StringScan plain = scan_string(R"("abc" tail)", 0);
  ASSERT_TRUE(plain.ok);
  EXPECT_EQ(plain.end, 5u);
  EXPECT_FALSE(plain.has_escapes);

  StringScan escaped = scan_string(R"("a\"b\\" x)", 0);
  ASSERT_TRUE(escaped.ok);
  EXPECT_EQ(escaped.end, 8u);
  EXPECT_TRUE(escaped.has_escapes);
}

TEST(JsonStringTest, RejectsWhatNlohmannRejects) {
  const std::string bad[] = {
      "\"abc",                 // unterminated
      "\"a\\",                 // escape at the end
      "\"\\x\"",               // unknown escape
      "\"\\u12G4\"",           // bad hex
      "\"\\u12\"",             // short \u
      "\"\\ud800\"",           // lone high surrogate
      "\"\\ud800\\u0041\"",    // high surrogate + non-low
      "\"\\udc00\"",           // lone low surrogate
      "\"a\x01\"",             // control character
      "\"\xff\"",              // invalid byte
      "\"\xc0\xaf\"",          // overlong
      "\"\xed\xa0\x80\"",      // encoded surrogate
      "\"\xf4\x90\x80\x80\"",  // above U+10FFFF
      "\"\xe2\x82\"",          // truncated sequence
  };
  for (const auto& text : bad) {
    EXPECT_FALSE(scan_string(text, 0).ok) << text;
    EXPECT_FALSE(nlohmann::json::accept(text)) << text;
  }
}

TEST(JsonStringTest, AcceptsValidUnicode) {
  const std::string good[] = {"\"\xc3\xa9\"", "\"\xe2\x82\xac\"", "\"\xf0\x9f\x98\x80\"",
                              "\"\\ud83d\\ude00\"", "\"\\u0000\""};
  for (const auto& text : good) {
    EXPECT_TRUE(scan_string(text, 0).ok) << text;
    EXPECT_TRUE(nlohmann::json::accept(text)) << text;
  }
}

TEST(JsonStringTest, DecodesEscapesToUtf8) {
  std::string out;
  ASSERT_TRUE(decode_string(R"("a\"b\\c\/\n\t\u00e9\ud83d\ude00")", out));
  EXPECT_EQ(out, "a\"b\\c/\n\t\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_FALSE(decode_string(R"("\ud800")", out));
  EXPECT_FALSE(decode_string("\"abc", out));
  EXPECT_FALSE(decode_string("\"", out));
}

TEST(JsonStringTest, AppendQuotedRoundTripsThroughNlohmann) {
  const std::string value = "gpt-4o \"quoted\" back\\slash \n\t\x01 \xc3\xa9 end";
  std::string out;
  append_quoted(out, value);
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), value);
}

TEST(JsonStringTest, AppendQuotedReplacesInvalidUtf8) {
  std::string out;
  append_quoted(out,
                "a\xff"
                "b");
  EXPECT_EQ(out, R"("a\ufffdb")");
  EXPECT_TRUE(nlohmann::json::accept(out));
}

TEST(JsonStringTest, Utf8PrefixNeverCutsASequence) {
  const std::string text = "ab\xe2\x82\xac";  // "ab€"
  EXPECT_EQ(utf8_prefix(text, 10), text);
  EXPECT_EQ(utf8_prefix(text, 4), "ab");
  EXPECT_EQ(utf8_prefix(text, 3), "ab");
  EXPECT_EQ(utf8_prefix(text, 2), "ab");
  EXPECT_EQ(utf8_prefix(text, 0), "");
}

TEST(JsonStringTest, SkipPlainAsciiStopsAtEverySpecialByteInEveryWordPosition) {
  // The word-at-a-time path must stop exactly where the byte loop would, wherever the special
  // byte sits in the word and whatever its neighbours are.
  const std::string specials = std::string("\"\\\x00\x01\x1f\x80\xff", 7);
  for (const char special : specials) {
    for (std::size_t at = 0; at < 24; ++at) {
      std::string text(32, 'a');
      text[3] = '~';  // Largest plain byte, next to the quote/backslash values.
      text[at] = special;
      const int byte = static_cast<unsigned char>(special);
      EXPECT_EQ(skip_plain_ascii(text, 0), at) << "byte " << byte << " at " << at;
      if (at > 0) {
        EXPECT_EQ(skip_plain_ascii(text, at - 1), at) << "byte " << byte << " at " << at;
      }
    }
  }
  EXPECT_EQ(skip_plain_ascii(" !#[]}~", 0), 7u);
  EXPECT_EQ(skip_plain_ascii("", 0), 0u);
  EXPECT_EQ(skip_plain_ascii("abc", 3), 3u);
}

TEST(JsonStringTest, LongStringsScanLikeShortOnes) {
  const std::string plain(1000, 'x');
  EXPECT_TRUE(scan_string("\"" + plain + "\"", 0).ok);
  EXPECT_FALSE(scan_string("\"" + plain + "\x01" + plain + "\"", 0).ok);
  const StringScan escaped = scan_string("\"" + plain + "\\n" + plain + "\"", 0);
  EXPECT_TRUE(escaped.ok);
  EXPECT_TRUE(escaped.has_escapes);
  EXPECT_FALSE(scan_string("\"" + plain + "\xc3" + plain + "\"", 0).ok) << "truncated UTF-8";
  std::string quoted;
  append_quoted(quoted, plain + "\"" + plain);
  EXPECT_EQ(quoted, "\"" + plain + "\\\"" + plain + "\"");
}

}  // namespace
}  // namespace llmgw::json
