#include "providers/gemini/provider_json.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace llmgw::providers::gemini {
namespace {

TEST(GeminiProviderJsonTest, ParsesOnlyValidBoundedJson) {
  EXPECT_EQ(parse_json(R"( {"b":1,"a":2} )").value().dump(), R"({"b":1,"a":2})");
  EXPECT_FALSE(parse_json(""));
  EXPECT_FALSE(parse_json("{"));
  EXPECT_FALSE(parse_json("{} {}"));
  EXPECT_FALSE(parse_json("\"\xFF\""));
  EXPECT_FALSE(parse_json(std::string(600, '[') + std::string(600, ']')));
}

TEST(GeminiProviderJsonTest, DumpReplacesInvalidUtf8) {
  EXPECT_EQ(dump_json(Json("a\xFF")), "\"a\xEF\xBF\xBD\"");
}

TEST(GeminiProviderJsonTest, CountMember) {
  const Json object =
      Json::parse(R"({"n":5,"neg":-3,"f":2.6,"s":"7","big":18446744073709551615,"nan":-0.0})");
  EXPECT_EQ(count_member(object, "n"), 5);
  EXPECT_EQ(count_member(object, "neg"), 0);
  EXPECT_EQ(count_member(object, "f"), 3);
  EXPECT_EQ(count_member(object, "s"), 0);
  EXPECT_EQ(count_member(object, "big"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(count_member(object, "missing"), 0);
  EXPECT_EQ(count_member(Json::array(), "n"), 0);
}

TEST(GeminiProviderJsonTest, StringMember) {
  const Json object = Json::parse(R"({"s":"x","n":1})");
  EXPECT_EQ(string_member(object, "s"), "x");
  EXPECT_EQ(string_member(object, "n"), "");
  EXPECT_EQ(string_member(Json("s"), "s"), "");
}

}  // namespace
}  // namespace llmgw::providers::gemini
