#pragma once
// A shared_ptr that a reload replaces while every worker reads it (the configuration
// snapshot, the key index): readers copy the pointer once per request and keep what it
// points to alive until they are done.

#include <memory>
#include <mutex>
#include <utility>

namespace llmgw {

template <class T>
class SwappedPtr {
 public:
  explicit SwappedPtr(std::shared_ptr<T> initial) : current_(std::move(initial)) {}

  std::shared_ptr<T> load() const noexcept {
    const std::lock_guard<std::mutex> lock(mutex_);
    return current_;
  }

  void store(std::shared_ptr<T> next) noexcept {
    store_if(std::move(next), [](const T&, const T&) { return true; });
  }

  /// Installs `next` when `should_replace(current, next)` says so (checked under the lock,
  /// so two writers cannot both pass the check); true when installed.
  template <class Predicate>
  bool store_if(std::shared_ptr<T> next, Predicate should_replace) noexcept {
    std::shared_ptr<T> replaced;  // Released after the lock: the last owner frees it, slowly.
    const std::lock_guard<std::mutex> lock(mutex_);
    if (current_ && !should_replace(*current_, *next)) return false;
    replaced = std::exchange(current_, std::move(next));
    return true;
  }

 private:
  // A mutex held only to copy the pointer, not std::atomic<std::shared_ptr>: libstdc++ 12's
  // atomic shared_ptr releases its internal lock with relaxed order after a load, so a later
  // store races with that load under the C++ memory model (ThreadSanitizer reports it;
  // tests/unit/core/swapped_ptr_threads_test.cpp). Uncontended, it costs the same two atomic
  // operations.
  mutable std::mutex mutex_;
  std::shared_ptr<T> current_;
};

}  // namespace llmgw
