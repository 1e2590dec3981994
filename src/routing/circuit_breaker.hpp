#pragma once
// One deployment's circuit breaker on one worker. Closed: requests flow, failures are
// counted (in a row, and per time slice for the error rate). Open: the deployment is
// skipped until the cooldown has passed. Half-open: up to half_open_probes requests go
// through; a success closes it, a failure opens it again for another cooldown.
// Time is passed in, never read, so the state machine is tested with a made-up clock.

#include <array>
#include <cstdint>
#include <optional>

#include "llmgw/config/config.hpp"
#include "llmgw/core/clock.hpp"

namespace llmgw::routing {

enum class BreakerState { closed = 0, half_open = 1, open = 2 };

std::string_view to_string(BreakerState state) noexcept;

class CircuitBreaker {
 public:
  /// Whether a request may be sent now, without taking a half-open probe (the router uses
  /// it to leave open deployments out of the plan).
  bool available(const config::BreakerPolicy& policy, TimePoint now) const noexcept;

  /// Called just before an attempt: false when the deployment is open (or half-open with
  /// every probe taken). Moves open to half-open once the cooldown passed; the change, if
  /// any, is returned through `changed`.
  bool admit(const config::BreakerPolicy& policy, TimePoint now,
             std::optional<BreakerState>& changed) noexcept;

  /// The attempt's result; returns the new state when it changed.
  std::optional<BreakerState> on_success(const config::BreakerPolicy& policy,
                                         TimePoint now) noexcept;
  std::optional<BreakerState> on_failure(const config::BreakerPolicy& policy,
                                         TimePoint now) noexcept;

  /// An admitted attempt ended without a verdict (the client went away): frees its probe.
  void on_abandoned() noexcept {
    if (state_ == BreakerState::half_open && probes_in_flight_ > 0) --probes_in_flight_;
  }

  BreakerState state() const noexcept { return state_; }

 private:
  static constexpr std::size_t kSlices = 10;
  struct Slice {
    std::int64_t index = -1;  ///< Which window/kSlices period it counts; -1: none.
    std::uint32_t requests = 0;
    std::uint32_t failures = 0;
  };

  Slice& slice_at(const config::BreakerPolicy& policy, TimePoint now) noexcept;
  bool rate_exceeded(const config::BreakerPolicy& policy, TimePoint now) const noexcept;
  std::int64_t slice_index(const config::BreakerPolicy& policy, TimePoint now) const noexcept;
  BreakerState trip(TimePoint now) noexcept;
  BreakerState close() noexcept;

  BreakerState state_ = BreakerState::closed;
  TimePoint opened_at_{};
  std::uint32_t consecutive_failures_ = 0;
  std::uint32_t probes_in_flight_ = 0;
  std::array<Slice, kSlices> slices_{};
};

}  // namespace llmgw::routing
