#pragma once
// The current configuration snapshot, swapped atomically on reload. Readers take a
// shared_ptr once per request and keep it until the request ends.

#include <atomic>
#include <memory>

#include "llmgw/config/snapshot.hpp"

namespace llmgw::config {

class ConfigStore {
 public:
  explicit ConfigStore(std::shared_ptr<const Snapshot> initial) : current_(std::move(initial)) {}
  std::shared_ptr<const Snapshot> current() const noexcept {
    return current_.load(std::memory_order_acquire);
  }
  void replace(std::shared_ptr<const Snapshot> next) noexcept {
    current_.store(std::move(next), std::memory_order_release);
  }

 private:
  std::atomic<std::shared_ptr<const Snapshot>> current_;
};

}  // namespace llmgw::config
