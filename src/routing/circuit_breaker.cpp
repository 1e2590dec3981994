#include "routing/circuit_breaker.hpp"

#include <algorithm>

namespace llmgw::routing {

std::string_view to_string(BreakerState state) noexcept {
  switch (state) {
    case BreakerState::closed: return "closed";
    case BreakerState::half_open: return "half_open";
    case BreakerState::open: return "open";
  }
  return "closed";
}

std::int64_t CircuitBreaker::slice_index(const config::BreakerPolicy& policy,
                                         TimePoint now) const noexcept {
  const auto slice = std::max<std::int64_t>(
      1, std::chrono::duration_cast<std::chrono::milliseconds>(policy.window).count() /
             static_cast<std::int64_t>(kSlices));
  return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() /
         slice;
}

CircuitBreaker::Slice& CircuitBreaker::slice_at(const config::BreakerPolicy& policy,
                                                TimePoint now) noexcept {
  const std::int64_t index = slice_index(policy, now);
  Slice& slice = slices_[static_cast<std::size_t>(index) % kSlices];
  if (slice.index != index) slice = Slice{index, 0, 0};
  return slice;
}

bool CircuitBreaker::rate_exceeded(const config::BreakerPolicy& policy,
                                   TimePoint now) const noexcept {
  const std::int64_t newest = slice_index(policy, now);
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  for (const Slice& slice : slices_) {
    if (slice.index < 0 || slice.index <= newest - static_cast<std::int64_t>(kSlices)) continue;
    requests += slice.requests;
    failures += slice.failures;
  }
  return requests >= policy.min_requests && requests > 0 &&
         failures * 100 >= static_cast<std::uint64_t>(policy.error_rate_percent) * requests;
}

BreakerState CircuitBreaker::trip(TimePoint now) noexcept {
  state_ = BreakerState::open;
  opened_at_ = now;
  probes_in_flight_ = 0;
  return state_;
}

BreakerState CircuitBreaker::close() noexcept {
  state_ = BreakerState::closed;
  consecutive_failures_ = 0;
  probes_in_flight_ = 0;
  // A fresh window: the failures that opened it must not reopen it at once.
  slices_ = {};
  return state_;
}

bool CircuitBreaker::available(const config::BreakerPolicy& policy, TimePoint now) const noexcept {
  switch (state_) {
    case BreakerState::closed: return true;
    case BreakerState::half_open: return probes_in_flight_ < policy.half_open_probes;
    case BreakerState::open: return now - opened_at_ >= policy.cooldown;
  }
  return true;
}

bool CircuitBreaker::admit(const config::BreakerPolicy& policy, TimePoint now,
                           std::optional<BreakerState>& changed) noexcept {
  if (state_ == BreakerState::open) {
    if (now - opened_at_ < policy.cooldown) return false;
    state_ = BreakerState::half_open;
    probes_in_flight_ = 0;
    changed = state_;
  }
  if (state_ == BreakerState::half_open) {
    if (probes_in_flight_ >= policy.half_open_probes) return false;
    ++probes_in_flight_;
  }
  return true;
}

std::optional<BreakerState> CircuitBreaker::on_success(const config::BreakerPolicy& policy,
                                                       TimePoint now) noexcept {
  if (state_ == BreakerState::half_open) return close();
  consecutive_failures_ = 0;
  ++slice_at(policy, now).requests;
  return std::nullopt;
}

std::optional<BreakerState> CircuitBreaker::on_failure(const config::BreakerPolicy& policy,
                                                       TimePoint now) noexcept {
  if (state_ == BreakerState::half_open) return trip(now);
  if (state_ == BreakerState::open) return std::nullopt;  // An attempt admitted before it opened.
  ++consecutive_failures_;
  Slice& slice = slice_at(policy, now);
  ++slice.requests;
  ++slice.failures;
  if (consecutive_failures_ >= policy.consecutive_failures || rate_exceeded(policy, now)) {
    return trip(now);
  }
  return std::nullopt;
}

}  // namespace llmgw::routing
