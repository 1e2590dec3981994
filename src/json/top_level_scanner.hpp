#pragma once
// One validating pass over a JSON text that records where each member of the top-level
// object sits, without building a DOM: the gateway reads a handful of fields and splices
// bytes, so it needs offsets, not values. Safe on hostile input: every read is bounds
// checked, nesting is capped, and nothing is allocated per nested value.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmgw::json {

/// Deepest nesting accepted (the top-level object is depth 1).
inline constexpr std::size_t kMaxDepth = 512;

enum class ValueType : std::uint8_t { object, array, string, number, boolean, null };

/// Human label in OpenAI's style: "an object", "a string", "null", ...
std::string_view describe(ValueType type) noexcept;

struct Member {
  std::string key;              ///< Decoded key.
  std::size_t key_begin = 0;    ///< Offset of the key's opening quote.
  std::size_t value_begin = 0;  ///< First byte of the value.
  std::size_t value_end = 0;    ///< One past the value's last byte.
  ValueType type = ValueType::null;

  std::string_view value(std::string_view text) const noexcept {
    return text.substr(value_begin, value_end - value_begin);
  }
};

struct TopLevelObject {
  std::size_t open = 0;         ///< Offset of the top-level '{'.
  std::size_t close = 0;        ///< Offset of the matching '}'.
  std::vector<Member> members;  ///< In document order; duplicates kept.

  /// The last member named `key` (the one most JSON parsers keep), or nullptr.
  const Member* find(std::string_view key) const noexcept;
  std::size_t count(std::string_view key) const noexcept;
};

enum class ScanStatus : std::uint8_t { ok, syntax_error, too_deep, not_an_object };

struct ScanResult {
  ScanStatus status = ScanStatus::ok;
  std::size_t offset = 0;   ///< Offset of the offending byte when not ok.
  const char* reason = "";  ///< Static description when not ok.
  bool ok() const noexcept { return status == ScanStatus::ok; }
};

/// Validates `text` as exactly one JSON value (surrounding whitespace allowed) and, when
/// it is an object, fills `out` (its member vector is cleared first, capacity reused).
/// A valid non-object value yields not_an_object.
ScanResult scan_top_level(std::string_view text, TopLevelObject& out);

/// Validates `text` as one JSON value of any type. Same rules as scan_top_level.
ScanResult validate(std::string_view text);

}  // namespace llmgw::json
