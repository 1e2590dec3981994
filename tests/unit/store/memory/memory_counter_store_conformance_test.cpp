// The backend-neutral admission rules (support/counter_store_conformance.hpp) on the memory
// store: the suite the Redis store must also pass is checked against the reference first.

#include "store/memory/memory_counter_store.hpp"
#include "support/counter_store_conformance.hpp"

namespace llmgw::store::conformance {
namespace {

struct MemoryBackend {
  static constexpr std::int64_t kParallelRetryMs = MemoryCounterStore::kParallelRetryMs;
  ManualWallClock clock;
  MemoryCounterStore store{clock, 4};

  std::string skip_reason() const { return {}; }
  ReserveResult reserve(const ReserveRequest& request) { return store.reserve_now(request); }
  SettleResult settle(Reservation& r, std::int64_t tokens, pico_usd cost) {
    return store.settle_now(r, tokens, cost);
  }
};

INSTANTIATE_TYPED_TEST_SUITE_P(Memory, CounterStoreConformance, MemoryBackend);

}  // namespace
}  // namespace llmgw::store::conformance
