#include "config/host_syntax.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace llmgw::config {

namespace {

template <int Family>
bool inet_parses(std::string_view text) {
  constexpr std::size_t kMaxLiteral = 64;  // Longer than any address, even with IPv4 tail.
  if (text.empty() || text.size() > kMaxLiteral) return false;
  std::string copy(text);  // inet_pton wants a NUL-terminated string.
  unsigned char buffer[16];
  return inet_pton(Family, copy.c_str(), buffer) == 1;
}

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

bool is_ipv4_literal(std::string_view text) {
  return inet_parses<AF_INET>(text);
}

bool is_ipv6_literal(std::string_view text) {
  return inet_parses<AF_INET6>(text);
}

bool is_hostname(std::string_view text) {
  constexpr std::size_t kMaxName = 253;
  constexpr std::size_t kMaxLabel = 63;
  if (text.empty() || text.size() > kMaxName) return false;
  std::size_t label = 0;
  for (char c : text) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!is_label_char(c) || ++label > kMaxLabel) return false;
  }
  return label > 0;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace llmgw::config
