#pragma once
// Lets a CancelSignal interrupt whichever operation an exchange is currently waiting on
// (a DNS lookup, a connect, a handshake, a read), without the signal knowing which.

#include <functional>
#include <utility>

namespace llmgw::upstream {

class AbortSwitch {
 public:
  bool aborted() const noexcept { return aborted_; }

  /// Marks the exchange aborted and runs the current interrupt once. Later calls do nothing.
  void abort() noexcept {
    if (aborted_) return;
    aborted_ = true;
    auto interrupt = std::move(interrupt_);
    interrupt_ = nullptr;
    if (interrupt) interrupt();
  }

  /// `interrupt` must make the pending operation complete promptly (close a socket, wake a
  /// waiter) and must not throw. It stays installed until cleared or run.
  void set_interrupt(std::function<void()> interrupt) { interrupt_ = std::move(interrupt); }
  void clear_interrupt() noexcept { interrupt_ = nullptr; }

 private:
  bool aborted_ = false;
  std::function<void()> interrupt_;
};

/// Clears the interrupt when a phase ends, whichever way it ends.
class ScopedInterrupt {
 public:
  ScopedInterrupt(AbortSwitch& abort, std::function<void()> interrupt) : abort_(abort) {
    abort_.set_interrupt(std::move(interrupt));
  }
  ~ScopedInterrupt() { abort_.clear_interrupt(); }
  ScopedInterrupt(const ScopedInterrupt&) = delete;
  ScopedInterrupt& operator=(const ScopedInterrupt&) = delete;

 private:
  AbortSwitch& abort_;
};

}  // namespace llmgw::upstream
