#pragma once
// JSON string literals on raw bytes: validation, decoding and escaping without a DOM.
// Validation follows RFC 8259 plus strict UTF-8 (RFC 3629), exactly what nlohmann::json
// accepts, so the scanner and the request validator never disagree about a body.

#include <cstddef>
#include <string>
#include <string_view>

namespace llmgw::json {

/// Result of scanning one string literal.
struct StringScan {
  bool ok = false;
  std::size_t end = 0;       ///< One past the closing quote when ok; offset of the bad byte else.
  bool has_escapes = false;  ///< At least one backslash: decoding is needed to read the value.
  const char* reason = "";   ///< Static text describing the failure.
};

/// Scans the string literal whose opening quote is at `text[quote]`. Never reads past
/// `text.size()`; rejects control characters, bad escapes, lone surrogates, invalid UTF-8.
StringScan scan_string(std::string_view text, std::size_t quote) noexcept;

/// Decodes `literal` (a whole string literal, quotes included, as validated by scan_string)
/// into UTF-8 and stores it in `out` (cleared first). Returns false on a malformed literal.
bool decode_string(std::string_view literal, std::string& out);

/// Appends `value` as a JSON string literal (with quotes). Invalid UTF-8 sequences are
/// replaced by U+FFFD so the result is always valid JSON.
void append_quoted(std::string& out, std::string_view value);

/// Length of the valid UTF-8 sequence starting at `text[i]`, or 0 if it is invalid
/// (truncated, overlong, surrogate, above U+10FFFF, stray continuation byte).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

/// First position at or after `i` holding a byte that is not printable ASCII or is a quote
/// or backslash (text.size() when there is none): what a JSON string can hold unescaped.
std::size_t skip_plain_ascii(std::string_view text, std::size_t i) noexcept;

/// Largest prefix of `text` no longer than `max_bytes` that does not cut a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept;

inline bool is_json_whitespace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// First offset >= pos that is not JSON whitespace (text.size() if none).
inline std::size_t skip_whitespace(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_json_whitespace(text[pos])) ++pos;
  return pos;
}

}  // namespace llmgw::json
