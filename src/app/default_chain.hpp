#pragma once
// The stage order of this release. Built by the composition root for each worker.

#include "llmgw/core/wall_clock.hpp"
#include "llmgw/governance/key_index.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "llmgw/pipeline/chain.hpp"
#include "llmgw/store/counter_store.hpp"
#include "llmgw/store/spend_store.hpp"
#include "routing/worker_routing.hpp"

namespace llmgw::app {

/// What the stages of the default chain are built with.
struct ChainServices {
  const WallClock& clock;
  store::CounterStore& counters;
  store::SpendSink* spend;  ///< nullptr: no spend stage (no state.dir).
  observability::Metrics& metrics;
  observability::AppLog& log;
  /// This worker's routing state (strategies, breakers); the router reads it.
  routing::WorkerRouting& routing;
  /// Keys, teams and access decisions of the admin API; nullptr without an embedded store.
  const governance::KeyIndexStore* api_keys = nullptr;
};

/// request_id → auth → models → parse_body → router → access → limits [→ spend]. Access
/// (model approval) is always in the chain, so a reload that marks a model `approval:
/// required` is enforced at once. Auth runs before the
/// body is parsed (an unauthenticated caller cannot make the gateway parse a large body) and
/// before the models endpoints answer (a key sees only the models it may use); limits run
/// once the route is known (a budget reserves at the priciest deployment) and last, so a
/// request refused earlier reserves nothing. Spend completes first (completions run in
/// reverse), so its record is queued before limits settle on the shared state.
pipeline::Chain make_default_chain(const ChainServices& services,
                                   pipeline::Chain::FailureReporter report = {});

}  // namespace llmgw::app
