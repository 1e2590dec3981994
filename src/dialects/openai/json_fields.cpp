#include "dialects/openai/json_fields.hpp"

#include <limits>

namespace llmgw::dialects::openai {

std::string_view json_type_name(const Json& value) noexcept {
  switch (value.type()) {
    case Json::value_t::string: return "a string";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    default: return "null";
  }
}

Error invalid_type(std::string_view path, std::string_view expected, const Json& got) {
  return Error::invalid_request("Invalid type for '" + std::string(path) + "': expected " +
                                    std::string(expected) + ", but got " +
                                    std::string(json_type_name(got)) + " instead.",
                                std::string(path), "invalid_type");
}

Error invalid_value(std::string_view path, std::string message) {
  return Error::invalid_request("Invalid value for '" + std::string(path) + "': " + message,
                                std::string(path), "invalid_value");
}

std::optional<Error> read_string(const Json& value, std::string_view path, std::string& out) {
  if (!value.is_string()) return invalid_type(path, "a string", value);
  out = value.get_ref<const std::string&>();
  return std::nullopt;
}

std::optional<Error> read_bool(const Json& value, std::string_view path, bool& out) {
  if (!value.is_boolean()) return invalid_type(path, "a boolean", value);
  out = value.get<bool>();
  return std::nullopt;
}

std::optional<Error> read_int(const Json& value, std::string_view path, std::int64_t& out) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    out = value.get<std::int64_t>();
    return std::nullopt;
  }
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return invalid_value(path, "integer out of range.");
    }
    out = static_cast<std::int64_t>(unsigned_value);
    return std::nullopt;
  }
  return invalid_type(path, "an integer", value);
}

std::optional<Error> read_number(const Json& value, std::string_view path, double& out) {
  if (!value.is_number()) return invalid_type(path, "a number", value);
  out = value.get<double>();
  return std::nullopt;
}

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string child_path(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) path += '.';
  path += key;
  return path;
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

}  // namespace llmgw::dialects::openai
