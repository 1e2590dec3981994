#include "llmgw/store/counter_store.hpp"

namespace llmgw::store {

std::string_view to_string(LimitReason reason) noexcept {
  switch (reason) {
    case LimitReason::rpm: return "rpm";
    case LimitReason::tpm: return "tpm";
    case LimitReason::parallel: return "parallel";
    case LimitReason::budget: return "budget";
  }
  return "unknown";
}

}  // namespace llmgw::store
