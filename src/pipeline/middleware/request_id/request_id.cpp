#include "pipeline/middleware/request_id/request_id.hpp"

#include <random>

namespace llmgw::pipeline {

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

boost::asio::awaitable<Decision> RequestIdMiddleware::on_request(RequestContext& ctx) const {
  ctx.request_id = is_acceptable_request_id(ctx.client_request_id) ? ctx.client_request_id
                                                                   : generate_request_id();
  co_return Decision::next();
}

}  // namespace llmgw::pipeline
