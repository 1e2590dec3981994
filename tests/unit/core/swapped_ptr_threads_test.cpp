// A reload installs a new configuration snapshot or key index while every worker takes the
// current one per request: built with ThreadSanitizer in CI (llmgw_tsan_tests), where a
// data race or a use after free of a replaced value is reported.
#include "llmgw/core/swapped_ptr.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace llmgw {
namespace {

// Two fields written together: a reader seeing them disagree saw a torn or freed value.
struct Versioned {
  unsigned generation;
  unsigned twice;
};

std::shared_ptr<const Versioned> version(unsigned generation) {
  return std::make_shared<const Versioned>(Versioned{generation, generation * 2});
}

template <class Writers>
int race_readers_against(SwappedPtr<const Versioned>& slot, Writers write) {
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      unsigned seen = 0;
      while (!done.load(std::memory_order_acquire)) {
        const std::shared_ptr<const Versioned> current = slot.load();
        if (current->generation < seen || current->twice != current->generation * 2) {
          failures.fetch_add(1);
        }
        seen = current->generation;
      }
    });
  }
  write();
  done.store(true, std::memory_order_release);
  for (auto& reader : readers) reader.join();
  return failures.load();
}

TEST(SwappedPtrThreads, ReadersSeeWholeValuesThatOnlyMoveForward) {
  SwappedPtr<const Versioned> slot(version(1));
  constexpr unsigned kLast = 3000;
  const int failures = race_readers_against(slot, [&] {
    std::thread writer([&] {
      for (unsigned g = 2; g <= kLast; ++g) slot.store(version(g));
    });
    writer.join();
  });
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(slot.load()->generation, kLast);
}

TEST(SwappedPtrThreads, ConditionalStoresFromTwoWritersKeepTheNewest) {
  SwappedPtr<const Versioned> slot(version(1));
  constexpr unsigned kLast = 3000;
  const auto newer = [](const Versioned& current, const Versioned& next) {
    return next.generation > current.generation;
  };
  const int failures = race_readers_against(slot, [&] {
    // Interleaved generations, as reloads that finish out of order on two threads.
    std::thread odd([&] {
      for (unsigned g = 3; g <= kLast; g += 2) slot.store_if(version(g), newer);
    });
    std::thread even([&] {
      for (unsigned g = 2; g <= kLast; g += 2) slot.store_if(version(g), newer);
    });
    odd.join();
    even.join();
  });
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(slot.load()->generation, kLast);
  EXPECT_FALSE(slot.store_if(version(5), newer));
  EXPECT_EQ(slot.load()->generation, kLast);
}

}  // namespace
}  // namespace llmgw
