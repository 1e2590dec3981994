#include "server/session_registry.hpp"

#include <gtest/gtest.h>

namespace llmgw::server {
namespace {

// Removes itself from the registry when told to drain, like a session closing at once.
class FakeSession final : public Drainable {
 public:
  explicit FakeSession(SessionRegistry& registry) : registry_(registry) {
    handle_ = registry_.add(this);
  }
  void begin_drain() noexcept override {
    ++drains;
    if (close_on_drain) remove();
  }
  void abort() noexcept override {
    ++aborts;
    remove();
  }
  void remove() {
    if (!removed_) registry_.remove(handle_);
    removed_ = true;
  }
  int drains = 0;
  int aborts = 0;
  bool close_on_drain = false;

 private:
  SessionRegistry& registry_;
  SessionRegistry::Handle handle_;
  bool removed_ = false;
};

TEST(SessionRegistryTest, DrainTellsEverySessionEvenWhenSomeLeaveDuringIt) {
  SessionRegistry registry;
  FakeSession idle(registry);
  FakeSession busy(registry);
  idle.close_on_drain = true;
  registry.begin_drain();
  EXPECT_EQ(idle.drains, 1);
  EXPECT_EQ(busy.drains, 1);
  EXPECT_EQ(registry.size(), 1u);
  registry.abort_all();
  EXPECT_EQ(busy.aborts, 1);
  EXPECT_EQ(idle.aborts, 0);
  EXPECT_EQ(registry.size(), 0u);
}

}  // namespace
}  // namespace llmgw::server
