#include "dialects/anthropic/request_fields.hpp"

#include <gtest/gtest.h>

namespace llmgw::dialects::anthropic {
namespace {

TEST(AnthropicRequestFields, Paths) {
  EXPECT_EQ(path_index("messages", 2), "messages[2]");
  EXPECT_EQ(path_key("messages[2]", "content"), "messages[2].content");
  EXPECT_EQ(path_key("", "model"), "model");
}

TEST(AnthropicRequestFields, ReadsTypedMembersAndTreatsNullAsAbsent) {
  const Json object =
      Json::parse(R"({"s":"x","i":7,"u":9223372036854775808,"f":1.5,"b":true,"n":null})");
  FieldReader read;
  EXPECT_EQ(read.string(object, "s", "p"), "x");
  EXPECT_EQ(read.integer(object, "i", "p"), 7);
  EXPECT_DOUBLE_EQ(*read.number(object, "i", "p"), 7.0);
  EXPECT_DOUBLE_EQ(*read.number(object, "f", "p"), 1.5);
  EXPECT_EQ(read.boolean(object, "b", "p"), true);
  EXPECT_FALSE(read.string(object, "n", "p").has_value());
  EXPECT_FALSE(read.string(object, "missing", "p").has_value());
  EXPECT_FALSE(read.error.has_value());

  EXPECT_FALSE(read.integer(object, "u", "p").has_value());
  ASSERT_TRUE(read.error.has_value());
  EXPECT_EQ(read.error->param, "p.u");
}

TEST(AnthropicRequestFields, WrongTypesAndMissingFields) {
  const Json object = Json::parse(R"({"s":1,"i":"1","f":[],"b":0})");
  auto error_of = [&](auto read_member) {
    FieldReader read;
    read_member(read);
    return read.error ? read.error->message : std::string("no error");
  };
  EXPECT_EQ(error_of([&](FieldReader& r) { r.string(object, "s", "a.b"); }),
            "a.b.s: expected a string, got an integer.");
  EXPECT_EQ(error_of([&](FieldReader& r) { r.integer(object, "i", ""); }),
            "i: expected an integer, got a string.");
  EXPECT_EQ(error_of([&](FieldReader& r) { r.number(object, "f", ""); }),
            "f: expected a number, got an array.");
  EXPECT_EQ(error_of([&](FieldReader& r) { r.boolean(object, "b", ""); }),
            "b: expected a boolean, got an integer.");
  EXPECT_EQ(error_of([&](FieldReader& r) { r.required_string(object, "gone", "x"); }),
            "x.gone: Field required");
}

TEST(AnthropicRequestFields, ExcerptKeepsUtf8Whole) {
  EXPECT_EQ(excerpt("short"), "short");
  const std::string long_text = std::string(63, 'a') + "é" + "tail";
  const std::string cut = excerpt(long_text);
  EXPECT_EQ(cut, std::string(63, 'a') + "...");
}

}  // namespace
}  // namespace llmgw::dialects::anthropic
