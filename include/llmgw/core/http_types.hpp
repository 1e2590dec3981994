#pragma once
// Small HTTP value types shared by the server, the proxy and the upstream client.

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmgw {

/// Header list in wire order. Names keep their case; look-ups are case-insensitive.
using Headers = std::vector<std::pair<std::string, std::string>>;

bool iequals(std::string_view a, std::string_view b) noexcept;

/// First value of `name` (case-insensitive), or an empty view.
std::string_view find_header(const Headers& headers, std::string_view name) noexcept;

/// Replaces the value of `name` (case-insensitive), or appends the header.
void set_header(Headers& headers, std::string_view name, std::string value);

/// A header name that is an RFC 9110 token (no separators, controls or spaces).
bool safe_header_name(std::string_view name) noexcept;

/// A header value that cannot split the header block (no CR, LF or NUL).
bool safe_header_value(std::string_view value) noexcept;

/// Header lines the gateway formats itself, kept as the bytes of the response head
/// ("name: value\r\n" each): constant names and values the gateway wrote (numbers,
/// durations, amounts), so they are written as they are. A limited key's six x-ratelimit-*
/// headers and the cost header cost two heap strings each as Headers entries, plus a
/// validation pass and two frees (docs/benchmarks.md, cost of limits); here all of them share
/// one buffer.
class FormattedHeaders {
 public:
  FormattedHeaders() = default;
  FormattedHeaders(const FormattedHeaders&) = delete;
  FormattedHeaders& operator=(const FormattedHeaders&) = delete;

  /// `name` must be a header-name token and `value` safe_header_value: neither is checked
  /// (debug builds assert it). Defined here so that constant names are copied inline.
  void add(std::string_view name, std::string_view value) {
    assert(safe_header_name(name) && safe_header_value(value));
    char* out = room(name.size() + value.size() + 4);
    out = put(out, name);
    out = put(out, ": ");
    out = put(out, value);
    out = put(out, "\r\n");
    commit(out);
  }
  void add(std::string_view name, std::int64_t value) {
    assert(safe_header_name(name));
    char* out = room(name.size() + kMaxDecimal + 4);
    out = put(out, name);
    out = put(out, ": ");
    out = put_decimal(out, value);
    out = put(out, "\r\n");
    commit(out);
  }

  std::string_view lines() const noexcept { return {bytes_.get(), size_}; }
  bool empty() const noexcept { return size_ == 0; }

 private:
  static constexpr std::size_t kMaxDecimal = 20;  // "-9223372036854775808"
  static char* put(char* out, std::string_view text) noexcept {
    std::memcpy(out, text.data(), text.size());
    return out + text.size();
  }
  static char* put_decimal(char* out, std::int64_t value) noexcept;
  /// At least `bytes` writable bytes at the end (one allocation covers a request's lines).
  char* room(std::size_t bytes) {
    if (capacity_ - size_ < bytes) grow(bytes);
    return bytes_.get() + size_;
  }
  void commit(const char* end) noexcept { size_ = static_cast<std::size_t>(end - bytes_.get()); }
  void grow(std::size_t bytes);

  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace llmgw
