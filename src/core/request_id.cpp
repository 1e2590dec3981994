#include "llmgw/core/request_id.hpp"

#include <cstdint>
#include <random>

namespace llmgw {

bool is_acceptable_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

std::string generate_request_id() {
  // Ids need uniqueness, not secrecy: a per-thread PRNG seeded once avoids a syscall and
  // any shared state per request.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = rng();
    for (int i = 0; i < 16; ++i) {
      id[static_cast<std::size_t>(half * 16 + i)] = kHex[bits & 0xf];
      bits >>= 4;
    }
  }
  return id;
}

std::string request_id_from(std::string_view client_id) {
  return is_acceptable_request_id(client_id) ? std::string(client_id) : generate_request_id();
}

}  // namespace llmgw
