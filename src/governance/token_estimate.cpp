#include "llmgw/governance/token_estimate.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace llmgw::governance {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
constexpr std::int64_t kFramePerMessage = 3;
constexpr std::int64_t kFramePerRequest = 3;

/// Nonzero when some byte of `word` equals `byte` (exact for "any", the classic zero-byte
/// test on word ^ byte).
constexpr std::uint64_t has_byte(std::uint64_t word, std::uint8_t byte) noexcept {
  const std::uint64_t x = word ^ (kOnes * byte);
  return (x - kOnes) & ~x & kHigh;
}

/// Characters of one or more strings by UTF-8 length class; turned into tokens once.
struct TextCount {
  std::int64_t ascii = 0;
  std::int64_t high = 0;          ///< Bytes >= 0x80.
  std::int64_t continuation = 0;  ///< Bytes 10xxxxxx.
  std::int64_t escaped_two = 0;   ///< \u escapes of U+0080..U+07FF.
  std::int64_t escaped_long = 0;  ///< \u escapes above, a surrogate pair counting once.
};

/// Where in the request a value sits: decided by the top-level member holding it.
enum class Region : std::uint8_t { ignored, text, schema };
/// What the latest key said about the value after it.
enum class KeyKind : std::uint8_t { other, role, media, type, max_output, choices };

void add(TextCount& to, const TextCount& from) noexcept {
  to.ascii += from.ascii;
  to.high += from.high;
  to.continuation += from.continuation;
  to.escaped_two += from.escaped_two;
  to.escaped_long += from.escaped_long;
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Bytes with their top bit set in `bits` (only top bits may be set): the multiply adds
/// the eight 0/1 bytes into the highest one. No popcnt: the build targets baseline x86-64,
/// where std::popcount is a library call.
constexpr std::int64_t count_top_bits(std::uint64_t bits) noexcept {
  return static_cast<std::int64_t>(((bits >> 7) * kOnes) >> 56);
}

/// Scans the string literal opening at body[i]; returns one past its closing quote (or
/// body.size() if it is cut off) and counts its characters into `count`.
std::size_t scan_string(std::string_view body, std::size_t i, TextCount& count) noexcept {
  const char* p = body.data();
  const std::size_t n = body.size();
  std::size_t j = i + 1;
  while (j < n) {
    if (n - j >= 8) {
      // Eight bytes at a time up to the first quote or backslash (the lowest flagged byte
      // is exact; the zero-byte test only errs above a true match).
      std::uint64_t word;
      std::memcpy(&word, p + j, 8);
      const std::uint64_t stop = has_byte(word, '"') | has_byte(word, '\\');
      std::size_t plain = 8;
      if (stop != 0) {
        plain = static_cast<std::size_t>(std::countr_zero(stop)) / 8;
        word &= plain == 0 ? 0 : ~std::uint64_t{0} >> (64 - 8 * plain);
      }
      const std::uint64_t high = word & kHigh;
      const std::int64_t high_count = count_top_bits(high);
      count.ascii += static_cast<std::int64_t>(plain) - high_count;
      count.high += high_count;
      count.continuation += count_top_bits(high & ~(word << 1));
      j += plain;
      if (stop == 0) continue;
    }
    const auto c = static_cast<unsigned char>(p[j]);
    if (c == '"') return j + 1;
    if (c == '\\') {
      if (j + 5 < n && p[j + 1] == 'u') {
        int cp = 0;
        for (std::size_t k = j + 2; k < j + 6; ++k) cp = cp * 16 + std::max(0, hex_value(p[k]));
        if (cp < 0x80) {
          ++count.ascii;
        } else if (cp < 0x800) {
          ++count.escaped_two;
        } else if (cp < 0xDC00 || cp > 0xDFFF) {  // A low surrogate was counted with its high.
          ++count.escaped_long;
        }
        j += 6;
      } else {
        ++count.ascii;
        j += 2;
      }
      continue;
    }
    if (c < 0x80) {
      ++count.ascii;
    } else {
      ++count.high;
      if ((c & 0xC0) == 0x80) ++count.continuation;
    }
    ++j;
  }
  return n;
}

/// Keys are compared raw (the names that matter have no escapes), by length first.
struct Key {
  const char* data;
  std::size_t size;
  bool operator==(std::string_view name) const noexcept {
    return size == name.size() && std::memcmp(data, name.data(), size) == 0;
  }
};

Region region_of(Key key) noexcept {
  using namespace std::string_view_literals;
  switch (key.size) {
    case 5:
      return key == "input"sv ? Region::text : key == "tools"sv ? Region::schema : Region::ignored;
    case 6: return key == "system"sv || key == "prompt"sv ? Region::text : Region::ignored;
    case 8: return key == "messages"sv ? Region::text : Region::ignored;
    case 9: return key == "functions"sv ? Region::schema : Region::ignored;
    case 12: return key == "instructions"sv ? Region::text : Region::ignored;
    case 15: return key == "response_format"sv ? Region::schema : Region::ignored;
    default: return Region::ignored;
  }
}

KeyKind kind_of(Key key, bool top) noexcept {
  using namespace std::string_view_literals;
  if (top) {
    if (key == "max_tokens"sv || key == "max_completion_tokens"sv || key == "max_output_tokens"sv) {
      return KeyKind::max_output;
    }
    return key == "n"sv ? KeyKind::choices : KeyKind::other;
  }
  switch (key.size) {
    case 3: return key == "url"sv ? KeyKind::media : KeyKind::other;
    case 4:
      return key == "role"sv   ? KeyKind::role
             : key == "type"sv ? KeyKind::type
             : key == "data"sv ? KeyKind::media
                               : KeyKind::other;
    case 9: return key == "file_data"sv ? KeyKind::media : KeyKind::other;
    default: return KeyKind::other;
  }
}

}  // namespace

TokenEstimate estimate_tokens(std::string_view body) noexcept {
  TokenEstimate out;
  TextCount text;
  std::int64_t messages = 0;
  std::int64_t media = 0;
  std::int64_t numbers = 0;  // Token-id arrays (embeddings, completions): one token each.

  std::uint64_t object_bits = 0;  // Bit d: the container at depth d+1 is an object.
  int depth = 0;
  bool expecting_key = false;
  Region region = Region::ignored;
  KeyKind key = KeyKind::other;
  const auto in_object = [&] {
    return depth > 0 && depth <= 64 && (object_bits >> (depth - 1)) & 1;
  };

  std::size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    switch (c) {
      case '{':
      case '[':
        if (depth < 64) {
          const std::uint64_t bit = std::uint64_t{1} << depth;
          object_bits = c == '{' ? (object_bits | bit) : (object_bits & ~bit);
        }
        ++depth;
        expecting_key = c == '{';
        ++i;
        continue;
      case '}':
      case ']':
        depth = std::max(0, depth - 1);
        expecting_key = false;
        ++i;
        continue;
      case ',':
        expecting_key = in_object();
        ++i;
        continue;
      case ':':
        expecting_key = false;
        ++i;
        continue;
      case '"': {
        TextCount piece;
        const std::size_t end = scan_string(body, i, piece);
        const bool is_key = expecting_key;  // Only ever set inside an object.
        expecting_key = false;
        if (is_key) {
          const std::size_t b = i + 1;
          const Key name{body.data() + b, (end > b ? end - 1 : b) - b};
          if (depth == 1) region = region_of(name);
          key = kind_of(name, depth == 1);
          if (region == Region::text && key == KeyKind::role) ++messages;
          if (region == Region::schema && depth > 1) add(text, piece);
        } else if (region == Region::schema) {
          add(text, piece);
        } else if (region == Region::text && key != KeyKind::type) {
          // `type` values are structure ("text", "image_url"), not prompt.
          if (key == KeyKind::media) {
            ++media;
          } else {
            add(text, piece);
          }
        }
        i = end;
        continue;
      }
      default: break;
    }
    if (is_digit(c) || c == '-') {
      std::int64_t value = 0;
      std::size_t j = c == '-' ? i + 1 : i;
      for (; j < body.size() && is_digit(body[j]); ++j) {
        value = std::min<std::int64_t>(value * 10 + (body[j] - '0'), std::int64_t{1} << 40);
      }
      while (j < body.size() && (is_digit(body[j]) || body[j] == '.' || body[j] == 'e' ||
                                 body[j] == 'E' || body[j] == '+' || body[j] == '-')) {
        ++j;
      }
      if (depth == 1 && c != '-') {
        if (key == KeyKind::max_output) out.max_output = value;
        if (key == KeyKind::choices) out.choices = std::max<std::int64_t>(1, value);
      } else if (region == Region::text && depth > 1) {
        ++numbers;
      }
      i = j;
      continue;
    }
    ++i;
  }

  // Per class: ASCII 1/4, two-byte characters 0.3, longer ones 0.8; in 40ths, rounded up.
  const std::int64_t leads = text.high - text.continuation;
  const std::int64_t longer = std::max<std::int64_t>(0, text.continuation - leads);
  const std::int64_t two = std::max<std::int64_t>(0, leads - longer);
  const std::int64_t fortieths =
      text.ascii * 10 + (two + text.escaped_two) * 12 + (longer + text.escaped_long) * 32;
  out.prompt = (fortieths + 39) / 40 + messages * kFramePerMessage + kFramePerRequest +
               media * kMediaTokens + numbers;
  return out;
}

std::int64_t tokens_to_reserve(const TokenEstimate& estimate,
                               std::int64_t default_max_output) noexcept {
  const std::int64_t output = estimate.max_output >= 0 ? estimate.max_output : default_max_output;
  return estimate.prompt +
         std::max<std::int64_t>(0, output) * std::max<std::int64_t>(1, estimate.choices);
}

}  // namespace llmgw::governance
