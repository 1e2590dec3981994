#include "config/map_reader.hpp"

#include <algorithm>
#include <charconv>

#include "config/listen_address.hpp"
#include "config/units.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxListItems = 1024;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view unknown, const std::vector<std::string>& known) {
  constexpr std::size_t kMaxTypoDistance = 2;
  constexpr std::size_t kMaxComparedLength = 64;
  if (unknown.size() > kMaxComparedLength) return {};
  for (const auto& key : known) {
    if (edit_distance(unknown, key) <= kMaxTypoDistance) return "; did you mean \"" + key + "\"?";
  }
  return {};
}

}  // namespace

std::optional<std::string> scalar_text(const DocNode& node, const std::string& path,
                                       Diagnostics& diag) {
  if (node.is_scalar()) return node.scalar;
  diag.error(path, node.line, "must be a string, not " + std::string(describe(node.kind)));
  return std::nullopt;
}

std::optional<std::int64_t> scalar_integer(const DocNode& node, const std::string& path,
                                           Diagnostics& diag, std::int64_t min, std::int64_t max) {
  auto text = scalar_text(node, path, diag);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ptr != end || ec == std::errc::invalid_argument) {
    diag.error(path, node.line, "must be a whole number");
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    diag.error(path, node.line,
               "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

MapReader::MapReader(const DocNode& node, std::string path, Diagnostics& diag)
    : node_(node), path_(std::move(path)), diag_(diag) {
  if (!node_.is_map() && !node_.is_null()) {
    diag_.error(path_, node_.line, "must be a mapping, not " + std::string(describe(node_.kind)));
  }
}

const DocNode* MapReader::get(std::string_view key) {
  known_.emplace_back(key);
  for (const auto& entry : node_.entries) {
    if (entry.key != key) continue;
    diag_.record_line(child(key), entry.value.line);
    return entry.value.is_null() ? nullptr : &entry.value;
  }
  return nullptr;
}

bool MapReader::read_string(std::string_view key, std::string& out) {
  const auto* node = get(key);
  if (node == nullptr) return false;
  auto text = scalar_text(*node, child(key), diag_);
  if (!text) return false;
  out = std::move(*text);
  return true;
}

bool MapReader::require_string(std::string_view key, std::string& out) {
  const auto* node = get(key);
  if (node == nullptr) {
    diag_.error(child(key), node_.line, "is required");
    return false;
  }
  auto text = scalar_text(*node, child(key), diag_);
  if (!text) return false;
  if (text->empty()) {
    diag_.error(child(key), node->line, "must not be empty");
    return false;
  }
  out = std::move(*text);
  return true;
}

bool MapReader::read_optional_string(std::string_view key, std::optional<std::string>& out) {
  std::string text;
  if (!read_string(key, text)) return false;
  out = std::move(text);
  return true;
}

bool MapReader::read_bool(std::string_view key, bool& out) {
  const auto* node = get(key);
  if (node == nullptr) return false;
  auto text = scalar_text(*node, child(key), diag_);
  if (!text) return false;
  if (*text == "true" || *text == "True" || *text == "TRUE") {
    out = true;
  } else if (*text == "false" || *text == "False" || *text == "FALSE") {
    out = false;
  } else {
    diag_.error(child(key), node->line, "must be true or false");
    return false;
  }
  return true;
}

bool MapReader::read_duration(std::string_view key, Millis& out) {
  const auto* node = get(key);
  if (node == nullptr) return false;
  auto text = scalar_text(*node, child(key), diag_);
  if (!text) return false;
  std::string error;
  auto value = parse_duration(*text, error);
  if (!value) {
    diag_.error(child(key), node->line, error);
    return false;
  }
  out = *value;
  return true;
}

bool MapReader::read_size(std::string_view key, std::size_t& out) {
  const auto* node = get(key);
  if (node == nullptr) return false;
  auto text = scalar_text(*node, child(key), diag_);
  if (!text) return false;
  std::string error;
  auto value = parse_size(*text, error);
  if (!value) {
    diag_.error(child(key), node->line, error);
    return false;
  }
  out = *value;
  return true;
}

bool MapReader::read_listen(std::string_view key, ListenAddress& out) {
  const auto* node = get(key);
  if (node == nullptr) return false;
  auto text = scalar_text(*node, child(key), diag_);
  if (!text) return false;
  std::string error;
  auto value = parse_listen_address(*text, error);
  if (!value) {
    diag_.error(child(key), node->line, error);
    return false;
  }
  out = std::move(*value);
  return true;
}

bool MapReader::read_string_list(std::string_view key, std::vector<std::string>& out) {
  const auto* list = sequence(key);
  if (list == nullptr) return false;
  if (list->items.size() > kMaxListItems) {
    diag_.error(child(key), list->line,
                "has more than " + std::to_string(kMaxListItems) + " entries");
    return false;
  }
  std::vector<std::string> values;
  bool ok = true;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const auto item_path = index_path(child(key), i);
    diag_.record_line(item_path, list->items[i].line);
    auto text = scalar_text(list->items[i], item_path, diag_);
    if (text) values.push_back(std::move(*text));
    ok = ok && text.has_value();
  }
  if (ok) out = std::move(values);
  return ok;
}

const DocNode* MapReader::sequence(std::string_view key) {
  const auto* node = get(key);
  if (node == nullptr || node->is_sequence()) return node;
  diag_.error(child(key), node->line, "must be a list, not " + std::string(describe(node->kind)));
  return nullptr;
}

const DocNode* MapReader::mapping(std::string_view key) {
  const auto* node = get(key);
  if (node == nullptr || node->is_map()) return node;
  diag_.error(child(key), node->line,
              "must be a mapping, not " + std::string(describe(node->kind)));
  return nullptr;
}

void MapReader::finish() {
  for (const auto& entry : node_.entries) {
    if (diag_.error_limit_reached()) return;
    if (std::find(known_.begin(), known_.end(), entry.key) != known_.end()) continue;
    diag_.error(child(entry.key), entry.key_line, "unknown key" + suggestion(entry.key, known_));
  }
}

}  // namespace llmgw::config
