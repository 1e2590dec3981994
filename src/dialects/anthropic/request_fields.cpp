#include "dialects/anthropic/request_fields.hpp"

#include <limits>

#include "json/json_string.hpp"

namespace llmgw::dialects::anthropic {

std::string path_index(std::string_view path, std::size_t index) {
  std::string out(path);
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

std::string path_key(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::string_view describe(const Json& value) noexcept {
  switch (value.type()) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::null: return "null";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

std::string excerpt(std::string_view text) {
  constexpr std::size_t kMaxExcerptBytes = 64;
  std::string out(json::utf8_prefix(text, kMaxExcerptBytes));
  if (out.size() < text.size()) out += "...";
  return out;
}

Error wrong_type(std::string_view path, std::string_view expected, const Json& got) {
  return Error::invalid_request(std::string(path) + ": expected " + std::string(expected) +
                                    ", got " + std::string(describe(got)) + ".",
                                std::string(path));
}

Error missing_field(std::string_view path) {
  return Error::invalid_request(std::string(path) + ": Field required", std::string(path));
}

const Json* member(const Json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> FieldReader::string(const Json& object, std::string_view key,
                                               std::string_view path) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    error = wrong_type(path_key(path, key), "a string", *value);
    return std::nullopt;
  }
  return value->get_ref<const std::string&>();
}

std::optional<std::int64_t> FieldReader::integer(const Json& object, std::string_view key,
                                                 std::string_view path) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  return integer_value(*value, path_key(path, key));
}

std::optional<std::int64_t> FieldReader::integer_value(const Json& value, const std::string& path) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      error = Error::invalid_request(path + ": integer is too large.", path);
      return std::nullopt;
    }
    return static_cast<std::int64_t>(unsigned_value);
  }
  if (!value.is_number_integer()) {
    error = wrong_type(path, "an integer", value);
    return std::nullopt;
  }
  return value.get<std::int64_t>();
}

std::optional<double> FieldReader::number(const Json& object, std::string_view key,
                                          std::string_view path) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    error = wrong_type(path_key(path, key), "a number", *value);
    return std::nullopt;
  }
  return value->get<double>();
}

std::optional<bool> FieldReader::boolean(const Json& object, std::string_view key,
                                         std::string_view path) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    error = wrong_type(path_key(path, key), "a boolean", *value);
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::string> FieldReader::required_string(const Json& object, std::string_view key,
                                                        std::string_view path) {
  if (member(object, key) == nullptr) {
    error = missing_field(path_key(path, key));
    return std::nullopt;
  }
  return string(object, key, path);
}

}  // namespace llmgw::dialects::anthropic
