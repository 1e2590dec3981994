#pragma once
// Wall-clock time for shared counters. Rate windows and budget periods are in UTC
// milliseconds, not steady_clock, because they must mean the same instant on every
// instance (the Redis backend reads the server's TIME) and budgets reset at 00:00 UTC.
// Tests inject a ManualWallClock so window and period arithmetic is exact.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace llmgw {

/// Source of UTC time in milliseconds since the Unix epoch.
class WallClock {
 public:
  virtual ~WallClock() = default;
  /// Current UTC time. Thread-safe; may step backwards (NTP): callers must tolerate it.
  virtual std::int64_t now_ms() const noexcept = 0;
};

/// std::chrono::system_clock.
class SystemWallClock final : public WallClock {
 public:
  std::int64_t now_ms() const noexcept override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

/// A clock that moves only when told to; safe to read from many threads.
class ManualWallClock final : public WallClock {
 public:
  explicit ManualWallClock(std::int64_t start_ms = 0) noexcept : now_(start_ms) {}
  std::int64_t now_ms() const noexcept override { return now_.load(std::memory_order_relaxed); }
  void set(std::int64_t ms) noexcept { now_.store(ms, std::memory_order_relaxed); }
  void advance(std::int64_t ms) noexcept { now_.fetch_add(ms, std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace llmgw
