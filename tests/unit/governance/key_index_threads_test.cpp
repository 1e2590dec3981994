// The key index is installed by the admin listener's thread (or a revocation subscriber's)
// while every worker reads it: built with ThreadSanitizer in CI (llmgw_tsan_tests).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "llmgw/governance/key_index.hpp"

namespace llmgw::governance {
namespace {

config::Sha256 digest_of(std::uint8_t seed) {
  config::Sha256 digest{};
  digest.fill(seed);
  return digest;
}

std::shared_ptr<const KeyIndex> index_with_key(std::uint64_t generation) {
  IndexedKey key;
  key.key.id = "k" + std::to_string(generation);
  key.key.secret_sha256 = digest_of(7);
  std::vector<IndexedKey> keys;
  keys.push_back(std::move(key));
  return std::make_shared<const KeyIndex>(
      generation, std::move(keys), std::vector<config::TeamConfig>{}, std::vector<AccessEntry>{});
}

TEST(KeyIndexThreads, ReadersAlwaysSeeAWholeIndexAndNeverAnOlderOne) {
  KeyIndexStore store;
  store.replace_if_newer(index_with_key(1));
  constexpr std::uint64_t kLast = 3000;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      std::uint64_t seen = 0;
      while (!done.load(std::memory_order_acquire)) {
        const std::shared_ptr<const KeyIndex> index = store.current();
        const auto match = index->find(digest_of(7), 0);
        if (index->generation() < seen || !match ||
            match->key->id != "k" + std::to_string(index->generation())) {
          failures.fetch_add(1);
        }
        seen = index->generation();
      }
    });
  }
  // Two writers installing interleaved generations, as reloads that finish out of order.
  std::thread odd([&] {
    for (std::uint64_t g = 3; g <= kLast; g += 2) store.replace_if_newer(index_with_key(g));
  });
  std::thread even([&] {
    for (std::uint64_t g = 2; g <= kLast; g += 2) store.replace_if_newer(index_with_key(g));
  });
  odd.join();
  even.join();
  done.store(true, std::memory_order_release);
  for (auto& reader : readers) reader.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store.current()->generation(), kLast);
}

}  // namespace
}  // namespace llmgw::governance
