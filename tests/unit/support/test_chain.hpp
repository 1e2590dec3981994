#pragma once
// The default chain as app/ builds it, over in-memory governance services that live for the
// whole test binary (stages keep references to them).

#include "app/default_chain.hpp"
#include "store/memory/memory_counter_store.hpp"
#include "support/proxy_doubles.hpp"

namespace llmgw::testing {

struct TestChainServices {
  SystemWallClock clock;
  store::MemoryCounterStore counters{clock};
  NullMetrics metrics;
  observability::AppLog log{config::LoggingConfig{"warn", config::LogFormat::text}};
  routing::WorkerRouting routing{1, metrics, log};

  app::ChainServices services(store::SpendSink* spend = nullptr) {
    return app::ChainServices{clock, counters, spend, metrics, log, routing, nullptr};
  }
};

inline TestChainServices& test_chain_services() {
  static TestChainServices services;
  return services;
}

/// make_default_chain without spend records.
inline pipeline::Chain default_test_chain() {
  return app::make_default_chain(test_chain_services().services());
}

}  // namespace llmgw::testing
