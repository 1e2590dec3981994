#pragma once
// The rate-limit window: a rolling 60 s split into 1 s buckets, counted conservatively.
//
// Guarantee (RPM). Admit a request at time t iff total(t) + 1 <= limit, where total(t) sums
// the bucket holding t and the 60 buckets before it. Then no interval of 60 s ever holds
// more than `limit` admitted requests. Why: take any interval [a, a + 60 s) and the last
// request admitted in it, at t in bucket k. Every earlier request of the interval came at or
// after a > t - 60 s, so in bucket k - 60 or later: all were in total(t) when t was admitted,
// hence at most limit - 1 of them. The price is being early: a request leaves the count 60
// to 61 s after it was admitted, never sooner. GCRA or token buckets cannot say this (they
// admit a full burst plus the refill: up to 2x the limit in some 60 s interval).
//
// Guarantee (TPM). The same check with the request's estimate in place of 1, where buckets
// hold estimates of unsettled requests and actuals of settled ones (settle rewrites its own
// bucket). While actuals stay within estimates, no 60 s interval holds more than `limit`
// tokens by admission time. An actual above its estimate pushes the window over the limit;
// nothing is taken back, the next requests wait until it drains (wait_ms says how long).
//
// Memory is fixed (61 counters), every operation is O(1) except wait_ms/reset_ms (O(61),
// called on denials and for headers). The Redis backend keeps the same buckets as keys
// (one per scope, metric and bucket, with a TTL of two windows) so both backends admit the
// same requests.

#include <array>
#include <cstdint>
#include <limits>

namespace llmgw::governance {

class RollingWindow {
 public:
  static constexpr std::int64_t kBucketMs = 1000;
  static constexpr std::int64_t kBuckets = 60;  ///< Buckets per window.
  static constexpr std::int64_t kWindowMs = kBucketMs * kBuckets;

  /// Moves the window to `now_ms`, dropping buckets that left it. A clock that steps back
  /// is treated as standing still (never re-counts or un-counts a bucket).
  void advance(std::int64_t now_ms) noexcept {
    const std::int64_t k = bucket_of(now_ms);
    if (k <= head_) return;
    if (head_ == kUnset || k - head_ > kBuckets) {
      slots_.fill(0);
      total_ = 0;
    } else {
      for (std::int64_t j = head_ + 1; j <= k; ++j) {
        std::int64_t& slot = slots_[index(j)];
        total_ -= slot;
        slot = 0;
      }
    }
    head_ = k;
  }

  /// What the window counts now (after advance).
  std::int64_t total() const noexcept { return total_; }
  bool empty() const noexcept { return total_ == 0; }

  /// Whether `amount` more stays within `limit` (after advance).
  bool fits(std::int64_t amount, std::int64_t limit) const noexcept {
    return total_ <= limit - amount;
  }

  /// Counts `amount` in the current bucket (after advance).
  void add(std::int64_t amount) noexcept {
    slots_[index(head_)] += amount;
    total_ += amount;
  }

  /// Adds `delta` (may be negative) to the bucket that held `at_ms`, never below zero.
  /// Returns false, changing nothing, when that bucket has left the window (after advance).
  bool adjust(std::int64_t at_ms, std::int64_t delta) noexcept;

  /// Milliseconds from `now_ms` until `amount` fits under `limit` if nothing more is added:
  /// 0 when it fits now, -1 when it never can (amount > limit). After advance(now_ms).
  std::int64_t wait_ms(std::int64_t now_ms, std::int64_t amount, std::int64_t limit) const noexcept;

  /// Milliseconds from `now_ms` until the window is empty again (OpenAI's "resets to its
  /// initial state"). After advance(now_ms).
  std::int64_t reset_ms(std::int64_t now_ms) const noexcept;

  static std::int64_t bucket_of(std::int64_t ms) noexcept {
    return ms >= 0 ? ms / kBucketMs : -((-ms + kBucketMs - 1) / kBucketMs);
  }

 private:
  static constexpr std::int64_t kSlots = kBuckets + 1;
  static constexpr std::int64_t kUnset = std::numeric_limits<std::int64_t>::min();
  static std::size_t index(std::int64_t bucket) noexcept {
    const std::int64_t r = bucket % kSlots;
    return static_cast<std::size_t>(r < 0 ? r + kSlots : r);
  }
  /// Start of the interval in which bucket `k` stops being counted.
  static std::int64_t leaves_at(std::int64_t k) noexcept { return (k + kSlots) * kBucketMs; }

  std::array<std::int64_t, kSlots> slots_{};
  std::int64_t head_ = kUnset;  ///< Bucket index of the newest slot.
  std::int64_t total_ = 0;
};

}  // namespace llmgw::governance
