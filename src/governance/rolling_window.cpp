#include "llmgw/governance/rolling_window.hpp"

#include <algorithm>

namespace llmgw::governance {

bool RollingWindow::adjust(std::int64_t at_ms, std::int64_t delta) noexcept {
  const std::int64_t k = bucket_of(at_ms);
  if (head_ == kUnset || k > head_ || k < head_ - kBuckets) return false;
  std::int64_t& slot = slots_[index(k)];
  const std::int64_t next = std::max<std::int64_t>(0, slot + delta);
  total_ += next - slot;
  slot = next;
  return true;
}

std::int64_t RollingWindow::wait_ms(std::int64_t now_ms, std::int64_t amount,
                                    std::int64_t limit) const noexcept {
  if (amount > limit) return -1;
  if (fits(amount, limit)) return 0;
  // Oldest bucket first: find the first whose departure brings the rest under the limit.
  std::int64_t remaining = total_;
  for (std::int64_t k = head_ - kBuckets; k <= head_; ++k) {
    remaining -= slots_[index(k)];
    if (remaining <= limit - amount) return std::max<std::int64_t>(0, leaves_at(k) - now_ms);
  }
  return std::max<std::int64_t>(0, leaves_at(head_) - now_ms);
}

std::int64_t RollingWindow::reset_ms(std::int64_t now_ms) const noexcept {
  for (std::int64_t k = head_; k >= head_ - kBuckets && head_ != kUnset; --k) {
    if (slots_[index(k)] != 0) return std::max<std::int64_t>(0, leaves_at(k) - now_ms);
  }
  return 0;
}

}  // namespace llmgw::governance
