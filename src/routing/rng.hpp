#pragma once
// The routing decisions' randomness: small, fast and seedable, so a weighted split or a
// jittered backoff can be replayed in a test. One per worker: never shared across threads.

#include <cstdint>

namespace llmgw::routing {

/// SplitMix64 (Steele, Lea, Flood 2014): one add, two multiplies and three shifts per number,
/// no allocation, and every seed (0 included) gives a full-period sequence.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept : state_(seed) {}

  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, bound); 0 when bound is 0. Lemire's multiply-shift: the bias is below
  /// bound / 2^64, far under anything a routing split could show.
  std::uint64_t below(std::uint64_t bound) noexcept {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

 private:
  std::uint64_t state_;
};

}  // namespace llmgw::routing
