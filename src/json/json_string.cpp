#include "json/json_string.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

namespace llmgw::json {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Reads the four hex digits at text[i, i+4); -1 when they are missing or not hex.
long read_hex4(std::string_view text, std::size_t i) noexcept {
  if (text.size() < 4 || i > text.size() - 4) return -1;
  long value = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    int digit = hex_value(text[i + k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

bool is_high_surrogate(long cp) noexcept {
  return cp >= 0xD800 && cp <= 0xDBFF;
}
bool is_low_surrogate(long cp) noexcept {
  return cp >= 0xDC00 && cp <= 0xDFFF;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Eight bytes at a time: the high bit of each byte of the result is set for bytes below
// 0x20, quotes, backslashes and non-ASCII bytes (the usual has-zero-byte bit tricks). Bits can
// be wrongly set only above a byte that is rightly set, so the lowest set bit is exact.
std::uint64_t special_bytes(std::uint64_t word) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word;
  const std::uint64_t quote = word ^ (kOnes * '"');
  const std::uint64_t backslash = word ^ (kOnes * '\\');
  const std::uint64_t matches =
      below_space | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | word;
  return matches & kHighs;
}

bool is_plain_ascii(unsigned char c) noexcept {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

StringScan fail(std::size_t at, const char* reason) noexcept {
  StringScan scan;
  scan.end = at;
  scan.reason = reason;
  return scan;
}

}  // namespace

std::size_t skip_plain_ascii(std::string_view text, std::size_t i) noexcept {
  // Most string bytes in LLM traffic are plain ASCII: skipping them a word at a time is what
  // keeps validating a request or response cheap.
  const std::size_t n = text.size();
  if constexpr (std::endian::native == std::endian::little) {
    // Little-endian: text[i] is the word's lowest byte, so the lowest flagged byte is the
    // first special one.
    while (i <= n && n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if (const std::uint64_t special = special_bytes(word); special != 0) {
        return i + static_cast<std::size_t>(std::countr_zero(special) / 8);
      }
      i += 8;
    }
  }
  while (i < n && is_plain_ascii(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
  if (i >= text.size()) return 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (byte(i + 1) < second_min || byte(i + 1) > second_max) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

StringScan scan_string(std::string_view text, std::size_t quote) noexcept {
  if (quote >= text.size() || text[quote] != '"') return fail(quote, "expected a string");
  StringScan scan;
  std::size_t i = quote + 1;
  const std::size_t n = text.size();
  while (i < n) {
    i = skip_plain_ascii(text, i);
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      scan.ok = true;
      scan.end = i + 1;
      return scan;
    }
    if (c == '\\') {
      scan.has_escapes = true;
      if (++i >= n) break;
      switch (text[i]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't': ++i; continue;
        case 'u': break;
        default: return fail(i, "invalid escape in string");
      }
      long cp = read_hex4(text, i + 1);
      if (cp < 0) return fail(i, "invalid \\u escape in string");
      i += 5;
      if (is_low_surrogate(cp)) return fail(i - 6, "lone UTF-16 surrogate in string");
      if (is_high_surrogate(cp)) {
        const bool pair = i + 1 < n && text[i] == '\\' && text[i + 1] == 'u' &&
                          is_low_surrogate(read_hex4(text, i + 2));
        if (!pair) return fail(i - 6, "lone UTF-16 surrogate in string");
        i += 6;
      }
    } else if (c < 0x20) {
      return fail(i, "control character in string");
    } else if (c < 0x80) {
      ++i;
    } else {
      std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) return fail(i, "invalid UTF-8 in string");
      i += length;
    }
  }
  return fail(n, "unterminated string");
}

bool decode_string(std::string_view literal, std::string& out) {
  out.clear();
  if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"') return false;
  const std::size_t end = literal.size() - 1;
  std::size_t i = 1;
  while (i < end) {
    const char c = literal[i];
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= end) return false;
    const char e = literal[i + 1];
    i += 2;
    switch (e) {
      case '"': out.push_back('"'); continue;
      case '\\': out.push_back('\\'); continue;
      case '/': out.push_back('/'); continue;
      case 'b': out.push_back('\b'); continue;
      case 'f': out.push_back('\f'); continue;
      case 'n': out.push_back('\n'); continue;
      case 'r': out.push_back('\r'); continue;
      case 't': out.push_back('\t'); continue;
      case 'u': break;
      default: return false;
    }
    long cp = read_hex4(literal.substr(0, end), i);
    if (cp < 0) return false;
    i += 4;
    if (is_low_surrogate(cp)) return false;
    if (is_high_surrogate(cp)) {
      if (i + 1 >= end || literal[i] != '\\' || literal[i + 1] != 'u') return false;
      long low = read_hex4(literal.substr(0, end), i + 2);
      if (!is_low_surrogate(low)) return false;
      i += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, static_cast<std::uint32_t>(cp));
  }
  return true;
}

void append_quoted(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + value.size() + 2);
  out.push_back('"');
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t plain_end = skip_plain_ascii(value, i);
    out.append(value.data() + i, plain_end - i);
    i = plain_end;
    if (i >= value.size()) break;
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80) {
      std::size_t length = utf8_sequence_length(value, i);
      if (length == 0) {
        out.append("\\ufffd");
        ++i;
      } else {
        out.append(value.substr(i, length));
        i += length;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"': out.append("\\\""); continue;
      case '\\': out.append("\\\\"); continue;
      case '\b': out.append("\\b"); continue;
      case '\f': out.append("\\f"); continue;
      case '\n': out.append("\\n"); continue;
      case '\r': out.append("\\r"); continue;
      case '\t': out.append("\\t"); continue;
      default: break;
    }
    if (c < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

}  // namespace llmgw::json
