#pragma once
// Caps retries to a share of a deployment's traffic, so that when a deployment fails every
// request, retries add at most budget_percent % to its load instead of multiplying it
// (Finagle's RetryBudget, without its clock: the bucket fills per request, not per second).

#include <algorithm>
#include <cstdint>

#include "llmgw/config/config.hpp"

namespace llmgw::routing {

class RetryBudget {
 public:
  /// A request reached the deployment: budget_percent / 100 of a token, up to the burst.
  void deposit(const config::RetryPolicy& policy) noexcept {
    init(policy);
    milli_tokens_ =
        std::min<std::int64_t>(milli_tokens_ + policy.budget_percent * 10, capacity(policy));
  }

  /// Takes one token for a retry; false when the budget is spent.
  bool try_withdraw(const config::RetryPolicy& policy) noexcept {
    init(policy);
    if (milli_tokens_ < kTokenMillis) return false;
    milli_tokens_ -= kTokenMillis;
    return true;
  }

  /// Whole tokens left (for tests and docs).
  std::int64_t tokens() const noexcept {
    return milli_tokens_ < 0 ? 0 : milli_tokens_ / kTokenMillis;
  }

 private:
  static constexpr std::int64_t kTokenMillis = 1000;
  static std::int64_t capacity(const config::RetryPolicy& policy) noexcept {
    return static_cast<std::int64_t>(policy.budget_burst) * kTokenMillis;
  }
  // Starts full: a deployment's first failures may be retried before it has a history.
  void init(const config::RetryPolicy& policy) noexcept {
    if (milli_tokens_ < 0) milli_tokens_ = capacity(policy);
  }

  std::int64_t milli_tokens_ = -1;  ///< -1: not yet used.
};

}  // namespace llmgw::routing
