#include "server/session_registry.hpp"

#include <vector>

namespace llmgw::server {

void SessionRegistry::begin_drain() noexcept {
  // A session may remove itself while being told; iterate over a copy.
  std::vector<Drainable*> snapshot(sessions_.begin(), sessions_.end());
  for (Drainable* session : snapshot) session->begin_drain();
}

void SessionRegistry::abort_all() noexcept {
  std::vector<Drainable*> snapshot(sessions_.begin(), sessions_.end());
  for (Drainable* session : snapshot) session->abort();
}

}  // namespace llmgw::server
