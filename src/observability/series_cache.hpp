#pragma once
// Label values → already-resolved prometheus-cpp series, shared by every worker thread.
//
// prometheus::Family::Add builds a std::map<std::string, std::string> of labels, validates and
// hashes it and takes the family's single mutex on every call; with all workers recording
// into one family that mutex is the hot spot. Here a hit costs one hash of the packed label
// values and a lock on one of 16 shards, with no allocation once a thread's key buffer has
// grown: ~85 ns against ~450 ns for Add, single-threaded (series_cache_test.cpp's disabled
// benchmark), and the gap widens under contention.
// Series are never removed, so the pointers stay valid as long as the registry lives.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace llmgw::observability {

/// Label value that stands in for every value once a cache is full.
inline constexpr std::string_view kOverflowLabel = "overflow";

template <class Series>
class SeriesCache {
 public:
  /// `max_series` bounds the distinct label tuples; see get().
  explicit SeriesCache(std::size_t max_series) : max_series_(max_series) {}

  /// Returns the series for `values`; `make(values)` resolves it (Family::Add) on first use,
  /// under the shard lock, and must return the same series for the same values. Once
  /// max_series tuples exist, a new tuple gets the series whose values are all "overflow":
  /// a caller that puts an unbounded value into a label then costs one series, not memory
  /// and a scrape that grows forever. Throws only what `make` or allocation throws.
  template <std::size_t N, class Make>
  Series get(const std::array<std::string_view, N>& values, Make&& make) {
    if (auto found = find_or_make(values, make, /*may_exceed_limit=*/false)) return *found;
    std::array<std::string_view, N> overflow;
    overflow.fill(kOverflowLabel);
    return *find_or_make(overflow, make, /*may_exceed_limit=*/true);
  }

  /// Distinct label tuples resolved so far (including the overflow tuple).
  std::size_t size() const noexcept { return size_.load(std::memory_order_relaxed); }

 private:
  static constexpr std::size_t kShards = 16;

  struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };

  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Series, TransparentHash, std::equal_to<>> series;
  };

  /// Length-prefixed packing, so ("a|b","c") and ("a","b|c") can never share a key whatever
  /// bytes the values hold. One buffer per thread: no allocation per lookup.
  template <std::size_t N>
  static std::string_view pack(const std::array<std::string_view, N>& values) {
    thread_local std::string key;
    key.clear();
    for (std::string_view value : values) {
      const auto length = static_cast<std::uint32_t>(value.size());
      key.append(reinterpret_cast<const char*>(&length), sizeof length);
      key.append(value);
    }
    return key;
  }

  template <std::size_t N, class Make>
  const Series* find_or_make(const std::array<std::string_view, N>& values, Make& make,
                             bool may_exceed_limit) {
    const std::string_view key = pack(values);
    const std::size_t hash = TransparentHash{}(key);
    // The map rehashes with the same function; the high bits pick the shard so the two
    // uses of the hash stay independent.
    Shard& shard = shards_[(hash >> 48U) % kShards];
    std::lock_guard lock(shard.mutex);
    if (auto it = shard.series.find(key); it != shard.series.end()) return &it->second;
    // Soft limit: racing threads may each add one tuple past it, which is harmless.
    if (!may_exceed_limit && size_.load(std::memory_order_relaxed) >= max_series_) return nullptr;
    const auto it = shard.series.emplace(std::string(key), make(values)).first;
    size_.fetch_add(1, std::memory_order_relaxed);
    // unordered_map never moves its nodes, so the pointer outlives the lock.
    return &it->second;
  }

  const std::size_t max_series_;
  std::atomic<std::size_t> size_{0};
  std::array<Shard, kShards> shards_;
};

}  // namespace llmgw::observability
