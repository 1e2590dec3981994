#include "json/top_level_scanner.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace llmgw::json {
namespace {

TEST(TopLevelScannerTest, RecordsMembersAndSpans) {
  const std::string text =
      R"(  {"model" : "gpt-4o", "n":1, "messages":[{"a":{"b":[1,2]}}], "x":null} )";
  TopLevelObject object;
  ASSERT_TRUE(scan_top_level(text, object).ok());
  EXPECT_EQ(object.open, 2u);
  EXPECT_EQ(text[object.close], '}');
  EXPECT_EQ(object.close, text.size() - 2);
  ASSERT_EQ(object.members.size(), 4u);
  EXPECT_EQ(object.members[0].key, "model");
  EXPECT_EQ(object.members[0].value(text), "\"gpt-4o\"");
  EXPECT_EQ(object.members[0].type, ValueType::string);
  EXPECT_EQ(text.substr(object.members[0].key_begin, 7), "\"model\"");
  EXPECT_EQ(object.members[1].value(text), "1");
  EXPECT_EQ(object.members[1].type, ValueType::number);
  EXPECT_EQ(object.members[2].value(text), R"([{"a":{"b":[1,2]}}])");
  EXPECT_EQ(object.members[2].type, ValueType::array);
  EXPECT_EQ(object.members[3].value(text), "null");
  EXPECT_EQ(object.members[3].type, ValueType::null);
}

TEST(TopLevelScannerTest, NestedKeysAreNotTopLevel) {
  const std::string text = R"({"outer":{"model":"inner","usage":{}},"usage":null})";
  TopLevelObject object;
  ASSERT_TRUE(scan_top_level(text, object).ok());
  EXPECT_EQ(object.find("model"), nullptr);
  ASSERT_NE(object.find("usage"), nullptr);
  EXPECT_EQ(object.find("usage")->type, ValueType::null);
}

TEST(TopLevelScannerTest, StringsWithQuotesAndBracesDoNotConfuseIt) {
  const std::string text = R"({"a":"}{][\",\"b\":1","b":"x\\","c":[ "]" ],"d":{"}":"{"}})";
  TopLevelObject object;
  ASSERT_TRUE(scan_top_level(text, object).ok());
  ASSERT_EQ(object.members.size(), 4u);
  EXPECT_EQ(object.members[0].value(text), R"("}{][\",\"b\":1")");
  EXPECT_EQ(object.members[1].value(text), R"("x\\")");
  EXPECT_EQ(object.members[2].value(text), R"([ "]" ])");
  EXPECT_EQ(object.members[3].value(text), R"({"}":"{"})");
}

TEST(TopLevelScannerTest, DecodesEscapedKeys) {
  const std::string text = R"({"mo\u0064el":"m","\u00e9t\u00e9":1,"a\"b":2})";
  TopLevelObject object;
  ASSERT_TRUE(scan_top_level(text, object).ok());
  EXPECT_NE(object.find("model"), nullptr);
  EXPECT_NE(object.find("\xc3\xa9t\xc3\xa9"), nullptr);
  EXPECT_NE(object.find("a\"b"), nullptr);
}

TEST(TopLevelScannerTest, DuplicatesAreKeptAndFindReturnsTheLast) {
  const std::string text = R"({"model":"a","model":"b"})";
  TopLevelObject object;
  ASSERT_TRUE(scan_top_level(text, object).ok());
  EXPECT_EQ(object.count("model"), 2u);
  EXPECT_EQ(object.find("model")->value(text), "\"b\"");
}

TEST(TopLevelScannerTest, EmptyObjectAndEmptyContainers) {
  TopLevelObject object;
  ASSERT_TRUE(scan_top_level("{}", object).ok());
  EXPECT_TRUE(object.members.empty());
  EXPECT_EQ(object.close, 1u);
  const std::string text = "{\"a\":{},\"b\":[],\"c\":[ ]}";
  ASSERT_TRUE(scan_top_level(text, object).ok());
  ASSERT_EQ(object.members.size(), 3u);
  EXPECT_EQ(object.members[0].value(text), "{}");
  EXPECT_EQ(object.members[2].value(text), "[ ]");
}

TEST(TopLevelScannerTest, NonObjectsAreValidButReported) {
  TopLevelObject object;
  for (std::string_view text : {"[1,2]", "\"s\"", "12", "true", "null", " -0.5e+3 "}) {
    ScanResult result = scan_top_level(text, object);
    EXPECT_EQ(result.status, ScanStatus::not_an_object) << text;
    EXPECT_TRUE(validate(text).ok()) << text;
  }
}

TEST(TopLevelScannerTest, RejectsInvalidInputWithOffsets) {
  struct Case {
    std::string_view text;
    std::size_t offset;
  };
  const Case cases[] = {
      {"", 0},
      {"   ", 3},
      {"{", 1},
      {"{\"a\"}", 4},
      {"{\"a\":}", 5},
      {"{\"a\":1,}", 7},
      {"{\"a\":1 \"b\":2}", 7},
      {"{a:1}", 1},
      {"[1,]", 3},
      {"[1 2]", 3},
      {"{\"a\":01}", 6},
      {"{\"a\":-}", 6},
      {"{\"a\":1.}", 7},
      {"{\"a\":1e}", 7},
      {"{\"a\":tru}", 5},
      {"{} {}", 3},
      {"{\"a\":[}", 6},
      {"{\"a\":\"x}", 8},
      {"{\"a\":1]", 6},
  };
  TopLevelObject object;
  for (const auto& c : cases) {
    ScanResult result = scan_top_level(c.text, object);
    EXPECT_EQ(result.status, ScanStatus::syntax_error) << c.text;
    EXPECT_EQ(result.offset, c.offset) << c.text;
    EXPECT_FALSE(nlohmann::json::accept(c.text)) << c.text;
  }
}

TEST(TopLevelScannerTest, NeverReadsPastTheViewEnd) {
  // The bytes after the view would complete the value: they must not be looked at.
  const std::string backing = R"({"a":"xyz"})";
  for (std::size_t n = 0; n < backing.size(); ++n) {
    TopLevelObject object;
    EXPECT_FALSE(scan_top_level(std::string_view(backing).substr(0, n), object).ok()) << n;
  }
}

TEST(TopLevelScannerTest, DepthIsBounded) {
  auto nested = [](std::size_t depth) {
    return "{\"a\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  TopLevelObject object;
  EXPECT_TRUE(scan_top_level(nested(kMaxDepth), object).ok());
  ScanResult too_deep = scan_top_level(nested(kMaxDepth + 1), object);
  EXPECT_EQ(too_deep.status, ScanStatus::too_deep);
  EXPECT_EQ(too_deep.offset, 5 + kMaxDepth - 1);
  // Far deeper than any stack could recurse: still a clean error.
  EXPECT_EQ(validate(std::string(1'000'000, '[')).status, ScanStatus::too_deep);
}

TEST(TopLevelScannerTest, ReusesTheMemberVector) {
  TopLevelObject object;
  ASSERT_TRUE(scan_top_level(R"({"a":1,"b":2,"c":3})", object).ok());
  ASSERT_TRUE(scan_top_level(R"({"z":1})", object).ok());
  ASSERT_EQ(object.members.size(), 1u);
  EXPECT_EQ(object.members[0].key, "z");
  EXPECT_FALSE(scan_top_level("[]", object).ok());
  EXPECT_TRUE(object.members.empty());
}

TEST(TopLevelScannerTest, AgreesWithNlohmannOnNumbersAndLiterals) {
  for (std::string_view text : {"0", "-0", "1.5", "1e5", "1E+5", "1e-5", "-12.34e56", "true",
                                "false", "null", "[]", "{}", " [ 1 , { } ] "}) {
    EXPECT_TRUE(validate(text).ok()) << text;
    EXPECT_TRUE(nlohmann::json::accept(text)) << text;
  }
  for (std::string_view text : {"+1", ".5", "1.", "00", "-", "1e", "1e+", "True", "nul", "NaN", "[",
                                "]", "{\"a\"", "'a'"}) {
    EXPECT_FALSE(validate(text).ok()) << text;
    EXPECT_FALSE(nlohmann::json::accept(text)) << text;
  }
}

}  // namespace
}  // namespace llmgw::json
