#include "admin/json_input.hpp"

#include <algorithm>

namespace llmgw::admin {

namespace {

std::string type_name(const nlohmann::json& value) {
  return std::string(value.type_name());
}

}  // namespace

Result<nlohmann::json> parse_object_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return nlohmann::json::object();
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    return Error::invalid_request("The request body is not valid JSON.", {}, "invalid_json");
  }
  if (!parsed.is_object()) {
    return Error::invalid_request(
        "The request body must be a JSON object, not " + type_name(parsed) + ".", {},
        "invalid_json");
  }
  return parsed;
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    error_ = Error::invalid_request(
        (path_.empty() ? std::string("The body") : "'" + path_ + "'") + " must be an object.",
        path_, "invalid_type");
  }
}

std::string ObjectReader::field_path(std::string_view name) const {
  if (path_.empty()) return std::string(name);
  std::string out = path_;
  out.push_back('.');
  out.append(name);
  return out;
}

const nlohmann::json* ObjectReader::find(std::string_view name) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(name);
  return it == object_.end() ? nullptr : &*it;
}

void ObjectReader::mark(std::string_view name) {
  if (std::find(known_.begin(), known_.end(), name) == known_.end()) {
    known_.emplace_back(name);
  }
}

bool ObjectReader::has(std::string_view name) const {
  return find(name) != nullptr;
}

bool ObjectReader::is_null(std::string_view name) const {
  const auto* value = find(name);
  return value != nullptr && value->is_null();
}

void ObjectReader::accept(std::string_view name) {
  mark(name);
}

void ObjectReader::fail(std::string_view name, std::string_view problem) {
  if (error_) return;
  const std::string field = field_path(name);
  std::string message = "'";
  message.append(field).append("' ").append(problem);
  if (message.back() != '.') message.push_back('.');
  error_ = Error::invalid_request(std::move(message), field, "invalid_value");
}

void ObjectReader::merge(const ObjectReader& nested) {
  if (!error_ && nested.error_) error_ = nested.error_;
}

std::optional<std::string> ObjectReader::string(std::string_view name) {
  mark(name);
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    fail(name, "must be a string, not " + type_name(*value));
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (text.size() > kMaxStringBytes) {
    fail(name, "is longer than " + std::to_string(kMaxStringBytes) + " bytes");
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view name, std::int64_t min,
                                                  std::int64_t max) {
  mark(name);
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    fail(name, "must be a whole number, not " + type_name(*value));
    return std::nullopt;
  }
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    fail(name, "must be at most " + std::to_string(max));
    return std::nullopt;
  }
  const auto number = value->get<std::int64_t>();
  if (number < min) {
    fail(name, min == 0 ? std::string("must not be negative")
                        : "must be at least " + std::to_string(min));
    return std::nullopt;
  }
  if (number > max) {
    fail(name, "must be at most " + std::to_string(max));
    return std::nullopt;
  }
  return number;
}

std::optional<std::vector<std::string>> ObjectReader::string_list(std::string_view name,
                                                                  std::size_t max_items) {
  mark(name);
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    fail(name, "must be an array of strings, not " + type_name(*value));
    return std::nullopt;
  }
  if (value->size() > max_items) {
    fail(name, "has more than " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > kMaxStringBytes) {
      fail(name, "must hold only strings of at most " + std::to_string(kMaxStringBytes) + " bytes");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ObjectReader::string_map(std::string_view name,
                                                                           std::size_t max_items) {
  mark(name);
  const auto* value = find(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    fail(name, "must be an object of strings, not " + type_name(*value));
    return std::nullopt;
  }
  if (value->size() > max_items) {
    fail(name, "has more than " + std::to_string(max_items) + " entries");
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, item] : value->items()) {
    if (key.empty() || key.size() > kMaxStringBytes || !item.is_string() ||
        item.get_ref<const std::string&>().size() > kMaxStringBytes) {
      fail(name, "must map names to strings, each 1-" + std::to_string(kMaxStringBytes) + " bytes");
      return std::nullopt;
    }
    out.emplace(key, item.get<std::string>());
  }
  return out;
}

const nlohmann::json* ObjectReader::object(std::string_view name) {
  mark(name);
  return find(name);
}

std::optional<Error> ObjectReader::finish() {
  if (error_) return error_;
  if (!object_.is_object()) return std::nullopt;
  for (const auto& [key, value] : object_.items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    // The name is the client's own text: bounded, and it holds no secret of ours.
    std::string shown = key.size() > 64 ? key.substr(0, 64) + "..." : key;
    std::string message = "Unknown field '" + field_path(shown) + "'.";
    message.append(" Known fields:");
    for (std::size_t i = 0; i < known_.size(); ++i) {
      message.append(i == 0 ? " " : ", ").append(known_[i]);
    }
    message.push_back('.');
    error_ = Error::invalid_request(std::move(message), field_path(shown), "unknown_field");
    return error_;
  }
  return std::nullopt;
}

}  // namespace llmgw::admin
