#include "providers/gemini/schema_filter.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::gemini {
namespace {

using canonical::Json;

TEST(GeminiSchemaFilterTest, StripsRejectedKeywordsEverywhereButKeepsPropertyNames) {
  const Json schema = Json::parse(R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": false,
    "strict": true,
    "properties": {
      "strict": {"type": "boolean", "$comment": "a property named strict survives"},
      "items": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                "properties": {"id": {"type": "string"}}}},
      "choice": {"anyOf": [{"type": "string", "$id": "x"}, {"type": "integer"}]}
    },
    "required": ["strict"],
    "$defs": {"Thing": {"type": "object", "additionalProperties": true}}
  })");
  const Json expected = Json::parse(R"({
    "type": "object",
    "properties": {
      "strict": {"type": "boolean"},
      "items": {"type": "array", "items": {"type": "object",
                "properties": {"id": {"type": "string"}}}},
      "choice": {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    },
    "required": ["strict"],
    "$defs": {"Thing": {"type": "object"}}
  })");
  EXPECT_EQ(filter_schema(schema, "f").value(), expected);
}

TEST(GeminiSchemaFilterTest, EnumAndDefaultValuesAreData) {
  const Json schema = Json::parse(
      R"({"type":"object","default":{"additionalProperties":1},"enum":[{"strict":true}]})");
  EXPECT_EQ(filter_schema(schema, "f").value(), schema);
}

TEST(GeminiSchemaFilterTest, NullableTypeArrays) {
  EXPECT_EQ(filter_schema(Json::parse(R"({"type":["string","null"]})"), "f").value(),
            Json::parse(R"({"type":"string","nullable":true})"));
  EXPECT_EQ(filter_schema(Json::parse(R"({"type":["null","integer"]})"), "f").value(),
            Json::parse(R"({"type":"integer","nullable":true})"));
  const Json two_types = Json::parse(R"({"type":["string","integer"]})");
  EXPECT_EQ(filter_schema(two_types, "f").value(), two_types);
}

TEST(GeminiSchemaFilterTest, TooDeepIsA400NamingTheField) {
  Json schema = Json::parse(R"({"type":"string"})");
  for (int i = 0; i < 100; ++i) {
    Json wrapper = Json::object();
    wrapper["type"] = "array";
    wrapper["items"] = std::move(schema);
    schema = std::move(wrapper);
  }
  auto filtered = filter_schema(schema, "tools[0].function.parameters");
  ASSERT_FALSE(filtered.ok());
  EXPECT_EQ(filtered.error().http_status, 400);
  EXPECT_EQ(filtered.error().param, "tools[0].function.parameters");
}

TEST(GeminiSchemaFilterTest, NonObjectsPassThrough) {
  EXPECT_EQ(filter_schema(Json(), "f").value(), Json());
  EXPECT_EQ(filter_schema(Json(true), "f").value(), Json(true));
}

TEST(GeminiSchemaFilterTest, EmptyObjectSchemas) {
  EXPECT_TRUE(is_empty_object_schema(Json()));
  EXPECT_TRUE(is_empty_object_schema(Json::object()));
  EXPECT_TRUE(is_empty_object_schema(Json::parse(R"({"type":"object"})")));
  EXPECT_TRUE(is_empty_object_schema(Json::parse(R"({"type":"object","properties":{}})")));
  EXPECT_FALSE(is_empty_object_schema(Json::parse(R"({"type":"object","properties":{"a":{}}})")));
  EXPECT_FALSE(is_empty_object_schema(Json::parse(R"({"type":"object","anyOf":[]})")));
  EXPECT_FALSE(is_empty_object_schema(Json::parse(R"({"type":"string"})")));
}

}  // namespace
}  // namespace llmgw::providers::gemini
