#include "providers/gemini/schema_filter.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace llmgw::providers::gemini {
namespace {

using canonical::Json;

constexpr std::size_t kMaxSchemaDepth = 64;

constexpr std::array<std::string_view, 5> kRejectedKeywords = {"$schema", "$id", "$comment",
                                                               "additionalProperties", "strict"};

/// Keywords whose value maps names to schemas.
constexpr std::array<std::string_view, 4> kSchemaMaps = {"properties", "$defs", "definitions",
                                                         "patternProperties"};

/// Keywords whose value is a schema or an array of schemas.
constexpr std::array<std::string_view, 12> kSubschemas = {
    "items", "prefixItems", "additionalItems", "contains", "not",   "if",
    "then",  "else",        "anyOf",           "oneOf",    "allOf", "propertyNames"};

bool one_of(std::string_view key, const auto& list) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

/// Recursion state: the depth budget is checked once per schema object.
struct Walk {
  bool too_deep = false;
};

Json filter(const Json& schema, std::size_t depth, Walk& walk);

Json filter_each(const Json& value, std::size_t depth, Walk& walk) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(filter(item, depth, walk));
    return out;
  }
  return filter(value, depth, walk);
}

/// ["string","null"] → "string" + nullable; anything else unchanged (false).
bool collapse_nullable_type(const Json& type, Json& out) {
  if (!type.is_array() || type.size() != 2) return false;
  const bool first_null = type[0] == "null";
  const Json& other = first_null ? type[1] : type[0];
  const Json& null = first_null ? type[0] : type[1];
  if (null != "null" || !other.is_string() || other == "null") return false;
  out["type"] = other;
  out["nullable"] = true;
  return true;
}

Json filter(const Json& schema, std::size_t depth, Walk& walk) {
  if (!schema.is_object()) return schema;
  if (depth > kMaxSchemaDepth || walk.too_deep) {
    walk.too_deep = true;
    return Json();
  }
  Json out = Json::object();
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    const std::string& key = it.key();
    if (one_of(key, kRejectedKeywords)) continue;
    if (key == "type" && collapse_nullable_type(it.value(), out)) continue;
    if (one_of(key, kSchemaMaps) && it.value().is_object()) {
      Json map = Json::object();
      for (auto entry = it.value().begin(); entry != it.value().end(); ++entry) {
        map[entry.key()] = filter(entry.value(), depth + 1, walk);
      }
      out[key] = std::move(map);
    } else if (one_of(key, kSubschemas)) {
      out[key] = filter_each(it.value(), depth + 1, walk);
    } else {
      out[key] = it.value();
    }
  }
  return out;
}

}  // namespace

Result<Json> filter_schema(const Json& schema, const std::string& field) {
  Walk walk;
  Json filtered = filter(schema, 0, walk);
  if (walk.too_deep) {
    return Error::invalid_request(
        "'" + field + "' is nested more than " + std::to_string(kMaxSchemaDepth) + " schemas deep.",
        field);
  }
  return filtered;
}

bool is_empty_object_schema(const Json& schema) {
  if (schema.is_null()) return true;
  if (!schema.is_object()) return false;
  if (schema.empty()) return true;
  auto type = schema.find("type");
  if (type == schema.end() || *type != "object") return false;
  for (const char* key : {"anyOf", "oneOf", "allOf", "$ref"}) {
    if (schema.contains(key)) return false;
  }
  auto properties = schema.find("properties");
  return properties == schema.end() || !properties->is_object() || properties->empty();
}

}  // namespace llmgw::providers::gemini
