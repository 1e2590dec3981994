#include "llmgw/core/http_types.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace llmgw {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view find_header(const Headers& headers, std::string_view name) noexcept {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

void set_header(Headers& headers, std::string_view name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (iequals(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

namespace {

// Visible ASCII except the separators that would let a header name be read as something
// else.
constexpr std::array<bool, 256> kHeaderNameChar = [] {
  std::array<bool, 256> table{};
  for (int c = 0x21; c < 0x7F; ++c) table[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view(":(),;")) table[static_cast<unsigned char>(c)] = false;
  return table;
}();

}  // namespace

// Both run on every response header the gateway writes, so they are one table look-up or
// three compares per character (string_view::find_first_of calls memchr per character).
bool safe_header_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (char c : name) {
    if (!kHeaderNameChar[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

bool safe_header_value(std::string_view value) noexcept {
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

char* FormattedHeaders::put_decimal(char* out, std::int64_t value) noexcept {
  return std::to_chars(out, out + kMaxDecimal, value).ptr;
}

void FormattedHeaders::grow(std::size_t bytes) {
  // Six rate-limit lines and two cost lines fit the first buffer.
  const std::size_t capacity = std::max<std::size_t>({256, 2 * capacity_, size_ + bytes});
  auto next = std::make_unique_for_overwrite<char[]>(capacity);
  std::copy_n(bytes_.get(), size_, next.get());
  bytes_ = std::move(next);
  capacity_ = capacity;
}

}  // namespace llmgw
