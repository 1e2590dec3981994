#pragma once
// The current configuration snapshot, swapped on reload. Readers take a shared_ptr once per
// request and keep it until the request ends.

#include <memory>

#include "llmgw/config/snapshot.hpp"
#include "llmgw/core/swapped_ptr.hpp"

namespace llmgw::config {

class ConfigStore {
 public:
  explicit ConfigStore(std::shared_ptr<const Snapshot> initial) : current_(std::move(initial)) {}
  std::shared_ptr<const Snapshot> current() const noexcept { return current_.load(); }
  void replace(std::shared_ptr<const Snapshot> next) noexcept { current_.store(std::move(next)); }

 private:
  SwappedPtr<const Snapshot> current_;
};

}  // namespace llmgw::config
