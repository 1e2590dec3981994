#pragma once
// Typed reads from one mapping of the document. Every key asked for counts as known; finish()
// reports the rest as unknown, so a typo ("listne") is an error instead of a silent default.
// Type and format problems are reported with the value's line and the value is left as it
// was (its default), so that reading carries on and every problem is found in one pass.

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/document.hpp"
#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// The node's text when it is a scalar; otherwise reports `must be a string` and nullopt.
std::optional<std::string> scalar_text(const DocNode& node, const std::string& path,
                                       Diagnostics& diag);

/// A whole number in [min, max]; reports and returns nullopt otherwise.
std::optional<std::int64_t> scalar_integer(const DocNode& node, const std::string& path,
                                           Diagnostics& diag, std::int64_t min, std::int64_t max);

class MapReader {
 public:
  /// `node` should be a mapping; null reads as an empty one, anything else is reported.
  MapReader(const DocNode& node, std::string path, Diagnostics& diag);

  const std::string& path() const noexcept { return path_; }
  std::string child(std::string_view key) const { return join_path(path_, key); }

  /// The value under `key`; nullptr when absent or null ("key:" keeps the default).
  const DocNode* get(std::string_view key);

  /// Each returns true when the key was present and its value was valid.
  bool read_string(std::string_view key, std::string& out);
  /// Like read_string, but a missing key is reported as an error too.
  bool require_string(std::string_view key, std::string& out);
  bool read_optional_string(std::string_view key, std::optional<std::string>& out);
  bool read_bool(std::string_view key, bool& out);
  bool read_duration(std::string_view key, Millis& out);
  bool read_size(std::string_view key, std::size_t& out);
  bool read_listen(std::string_view key, ListenAddress& out);
  bool read_string_list(std::string_view key, std::vector<std::string>& out);

  template <class Int>
  bool read_integer(std::string_view key, Int& out) {
    static_assert(std::is_integral_v<Int> && sizeof(Int) <= sizeof(std::int64_t));
    const auto* node = get(key);
    if (node == nullptr) return false;
    constexpr auto max = std::numeric_limits<Int>::max();
    constexpr std::int64_t upper =
        static_cast<std::uint64_t>(max) > static_cast<std::uint64_t>(INT64_MAX)
            ? INT64_MAX
            : static_cast<std::int64_t>(max);
    auto value = scalar_integer(*node, child(key), diag_, std::numeric_limits<Int>::min(), upper);
    if (!value) return false;
    out = static_cast<Int>(*value);
    return true;
  }

  template <class Enum>
  bool read_enum(std::string_view key, Enum& out,
                 std::initializer_list<std::pair<std::string_view, Enum>> choices) {
    std::string text;
    if (!read_string(key, text)) return false;
    std::string names;
    for (const auto& [name, value] : choices) {
      if (name == text) {
        out = value;
        return true;
      }
      names += names.empty() ? "" : ", ";
      names += name;
    }
    diag_.error(child(key), "must be one of: " + names);
    return false;
  }

  /// The list under `key`: nullptr when absent or null, or (reported) not a list.
  const DocNode* sequence(std::string_view key);

  /// The mapping under `key`: nullptr when absent or null, or (reported) not a mapping.
  const DocNode* mapping(std::string_view key);

  /// Reports every key never asked for, suggesting a close known key.
  void finish();

 private:
  const DocNode& node_;
  std::string path_;
  Diagnostics& diag_;
  std::vector<std::string> known_;
};

}  // namespace llmgw::config
