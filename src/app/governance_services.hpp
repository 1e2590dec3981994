#pragma once
// The services behind limits, budgets and spend records, built once at start-up and shared
// by every worker: the counter store, the spend writer (when state.dir is set) and the
// clock they read. Stopped after the drain, so the last requests' records are flushed.

#include <functional>
#include <memory>

#include "llmgw/config/config.hpp"
#include "llmgw/core/wall_clock.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/store/counter_store.hpp"
#include "llmgw/store/spend_store.hpp"

namespace llmgw::app {

class GovernanceServices {
 public:
  /// Opens (and migrates) `<state.dir>/llmgw.db` when state.dir is set; throws with a
  /// message naming the file when it cannot.
  GovernanceServices(const config::Config& config, observability::AppLog& log);
  ~GovernanceServices();

  const WallClock& clock() const noexcept { return clock_; }
  store::CounterStore& counters() noexcept { return *counters_; }
  /// nullptr without state.dir: no spend records are kept.
  store::SpendSink* spend() noexcept { return spend_.get(); }

  /// Writes every accepted spend record (SIGTERM: after the drain). Idempotent.
  void stop();

 private:
  SystemWallClock clock_;
  std::unique_ptr<store::CounterStore> counters_;
  std::unique_ptr<store::SpendSink> spend_;
  std::function<void()> stop_spend_;
};

}  // namespace llmgw::app
