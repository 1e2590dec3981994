// Several instances on one Redis, and Redis going away: limits hold across instances under
// concurrent load; an outage answers `unavailable` within the timeout (never a hang); the
// store recovers when Redis returns; settles that failed are replayed, and applied once.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "store/redis/redis_test_instance.hpp"
#include "support/redis_server.hpp"

namespace llmgw::store::redis {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using governance::BudgetPeriod;
using governance::ScopeRef;
using llmgw::testing::drive_until;
using llmgw::testing::RedisServer;
using testing::Instance;
using Clock = std::chrono::steady_clock;

struct Tally {
  std::atomic<int> admitted{0};
  std::atomic<int> unavailable{0};
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
};

/// Reserves and settles `attempts` times as one client of `store`.
asio::awaitable<void> hammer_rpm(RedisCounterStore& store, const std::vector<ScopeCheck>& scopes,
                                 int attempts, Tally& tally, int& finished) {
  for (int i = 0; i < attempts; ++i) {
    const ReserveRequest request{scopes, 10, 0};
    ReserveResult r = co_await store.reserve(request);
    if (r.status == ReserveStatus::unavailable) tally.unavailable.fetch_add(1);
    if (r.status != ReserveStatus::admitted) continue;
    tally.admitted.fetch_add(1);
    co_await store.settle(r.reservation, 5, 0);
  }
  ++finished;
}

/// Spends 7 per request, holding each admission ~1 ms, until the budget says no.
asio::awaitable<void> spend_until_exhausted(RedisCounterStore& store,
                                            const std::vector<ScopeCheck>& scopes, Tally& tally,
                                            int& finished) {
  asio::steady_timer pause(co_await asio::this_coro::executor);
  const auto sleep = [&pause]() {
    pause.expires_after(1ms);
    return pause.async_wait(asio::as_tuple(asio::use_awaitable));
  };
  for (;;) {
    const ReserveRequest request{scopes, 0, 7};
    ReserveResult r = co_await store.reserve(request);
    if (r.status == ReserveStatus::unavailable) {
      tally.unavailable.fetch_add(1);
      break;
    }
    if (r.status == ReserveStatus::denied) {
      if (r.denial.reason == LimitReason::budget) break;
      co_await sleep();
      continue;
    }
    tally.admitted.fetch_add(1);
    const int now_inside = tally.inside.fetch_add(1) + 1;
    int seen = tally.most_inside.load();
    while (now_inside > seen && !tally.most_inside.compare_exchange_weak(seen, now_inside)) {
    }
    co_await sleep();
    tally.inside.fetch_sub(1);
    co_await store.settle(r.reservation, 0, 7);
  }
  ++finished;
}

class RedisOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::installed()) {
      GTEST_SKIP() << "redis-server is not installed (scripts/install-deps.sh test installs it)";
    }
    ASSERT_TRUE(server_.start());
  }

  /// Runs `body(instance, tally, finished)` on two instances (threads) sharing the server.
  template <class Body>
  void two_instances(int clients, Body body) {
    const auto run = [&](int t) {
      Instance instance(server_.port());
      int finished = 0;
      for (int c = 0; c < clients; ++c) body(instance, t, finished);
      drive_until(
          instance.ioc, [&] { return finished == clients; }, 30s);
      EXPECT_EQ(finished, clients);
    };
    std::thread a(run, 0);
    std::thread b(run, 1);
    a.join();
    b.join();
  }

  RedisServer server_;
  std::vector<ScopeCheck> scopes_;
};

TEST_F(RedisOutageTest, TwoInstancesNeverAdmitMoreThanTheRpm) {
  Tally tally;
  std::array<std::vector<ScopeCheck>, 2> scopes{
      std::vector<ScopeCheck>{{ScopeRef::global(), {{100, 0, 0}, {}}},
                              {ScopeRef::key("a"), {{100'000, 0, 0}, {}}}},
      std::vector<ScopeCheck>{{ScopeRef::global(), {{100, 0, 0}, {}}},
                              {ScopeRef::key("b"), {{100'000, 0, 0}, {}}}}};
  two_instances(16, [&](Instance& instance, int t, int& finished) {
    asio::co_spawn(
        instance.ioc,
        hammer_rpm(*instance.store, scopes[static_cast<std::size_t>(t)], 25, tally, finished),
        asio::detached);
  });
  EXPECT_EQ(tally.unavailable.load(), 0);
  EXPECT_EQ(tally.admitted.load(), 100);  // 800 attempts, server TIME, one minute window.
}

TEST_F(RedisOutageTest, TwoInstancesHoldConcurrencyAndBudget) {
  Tally tally;
  const std::vector<ScopeCheck> scopes{
      {ScopeRef::team("t"), {{0, 0, 3}, {10'000, BudgetPeriod::total}}}};
  two_instances(4, [&](Instance& instance, int, int& finished) {
    asio::co_spawn(instance.ioc, spend_until_exhausted(*instance.store, scopes, tally, finished),
                   asio::detached);
  });
  EXPECT_EQ(tally.unavailable.load(), 0);
  EXPECT_LE(tally.most_inside.load(), 3);
  EXPECT_EQ(tally.admitted.load(), 10'000 / 7);  // Every pico-dollar spent, not one over.
}

TEST_F(RedisOutageTest, AHangingRedisIsUnavailableWithinTheTimeout) {
  Instance instance(server_.port(), {}, 100ms);
  scopes_ = {{ScopeRef::key("k"), {{10, 0, 0}, {}}}};
  const ReserveRequest request{scopes_, 0, 0};
  ASSERT_EQ(instance.reserve(request).status, ReserveStatus::admitted);
  server_.pause();
  const Clock::time_point start = Clock::now();
  EXPECT_EQ(instance.reserve(request).status, ReserveStatus::unavailable);
  const auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, 95ms);
  EXPECT_LT(elapsed, 600ms);
  EXPECT_EQ(instance.connection->stats().timeouts, 1u);
  EXPECT_EQ(instance.store->stats().reserve_unavailable, 1u);
  server_.resume();
  EXPECT_EQ(instance.reserve(request).status, ReserveStatus::admitted);
}

TEST_F(RedisOutageTest, AKilledRedisFailsFastAndTheStoreRecoversWhenItReturns) {
  Instance instance(server_.port(), {}, 1s);
  scopes_ = {{ScopeRef::key("k"), {{10, 0, 0}, {}}}};
  const ReserveRequest request{scopes_, 0, 0};
  ASSERT_EQ(instance.reserve(request).status, ReserveStatus::admitted);

  // Killed while a call is in flight: it ends with the connection, not at its timeout.
  server_.pause();
  const Clock::time_point start = Clock::now();
  std::optional<ReserveResult> in_flight;
  asio::co_spawn(instance.ioc, instance.store->reserve(request),
                 [&](std::exception_ptr, ReserveResult r) { in_flight.emplace(std::move(r)); });
  instance.ioc.poll();
  server_.kill();
  ASSERT_TRUE(drive_until(
      instance.ioc, [&] { return in_flight.has_value(); }, 2s));
  EXPECT_EQ(in_flight->status, ReserveStatus::unavailable);
  EXPECT_LT(Clock::now() - start, 900ms);

  // Down: refused at once.
  ASSERT_TRUE(drive_until(instance.ioc, [&] { return !instance.connection->ready(); }));
  const Clock::time_point refused = Clock::now();
  EXPECT_EQ(instance.reserve(request).status, ReserveStatus::unavailable);
  EXPECT_LT(Clock::now() - refused, 50ms);
  EXPECT_GE(instance.connection->stats().not_connected, 1u);

  ASSERT_TRUE(server_.restart());
  ASSERT_TRUE(drive_until(
      instance.ioc, [&] { return instance.connection->ready(); }, 5s));
  EXPECT_EQ(instance.reserve(request).status, ReserveStatus::admitted);
  EXPECT_GE(instance.connection->stats().connects, 2u);
}

TEST_F(RedisOutageTest, ASettleThatFailedIsReplayedWhenRedisReturns) {
  RedisServer durable(true);  // The counters must survive the restart to be settled.
  ASSERT_TRUE(durable.start());
  RedisCounterStoreOptions options;
  options.replay_interval = 20ms;
  Instance instance(durable.port(), options);
  scopes_ = {{ScopeRef::team("t"), {{0, 0, 1}, {1'000, BudgetPeriod::total}}}};
  const ReserveRequest request{scopes_, 0, 100};
  ReserveResult r = instance.reserve(request);
  ASSERT_EQ(r.status, ReserveStatus::admitted);

  durable.kill();
  ASSERT_TRUE(drive_until(instance.ioc, [&] { return !instance.connection->ready(); }));
  EXPECT_EQ(instance.settle(r.reservation, 0, 300).status, SettleStatus::unavailable);
  EXPECT_FALSE(r.reservation.empty());  // Left as it was (counter_store.hpp).
  EXPECT_EQ(instance.store->queued_settles(), 1u);

  ASSERT_TRUE(durable.restart());
  ASSERT_TRUE(drive_until(instance.ioc, [&] { return instance.store->queued_settles() == 0; }));
  EXPECT_EQ(instance.store->stats().settles_replayed, 1u);
  EXPECT_EQ(durable.command({"HGET", "{llmgw}:b:team:t:t", "settled"}), "300");
  EXPECT_EQ(durable.command({"HGET", "{llmgw}:b:team:t:t", "pending"}), "0");
  ReserveResult next = instance.reserve(request);  // The concurrency slot was released.
  EXPECT_EQ(next.status, ReserveStatus::admitted);
  // The caller settling its copy too is harmless: the id was settled by the replay.
  EXPECT_EQ(instance.settle(r.reservation, 0, 300).status, SettleStatus::empty);
  EXPECT_EQ(durable.command({"HGET", "{llmgw}:b:team:t:t", "settled"}), "300");
}

TEST_F(RedisOutageTest, ASettleWhoseReplyWasLostIsAppliedOnce) {
  RedisCounterStoreOptions options;
  options.replay_interval = 20ms;
  Instance instance(server_.port(), options, 100ms);
  scopes_ = {{ScopeRef::team("t"), {{0, 0, 0}, {1'000, BudgetPeriod::total}}}};
  const ReserveRequest request{scopes_, 0, 100};
  ReserveResult r = instance.reserve(request);
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  server_.pause();  // The settle reaches the socket; its reply comes too late.
  EXPECT_EQ(instance.settle(r.reservation, 0, 300).status, SettleStatus::unavailable);
  server_.resume();
  ASSERT_TRUE(drive_until(instance.ioc, [&] { return instance.store->queued_settles() == 0; }));
  EXPECT_EQ(instance.store->stats().settles_replayed, 1u);  // Reached Redis, changed nothing.
  EXPECT_EQ(server_.command({"HGET", "{llmgw}:b:team:t:t", "settled"}), "300");
}

TEST_F(RedisOutageTest, TheSettleQueueIsBoundedAndCountsWhatItDrops) {
  RedisCounterStoreOptions options;
  options.settle_queue_limit = 2;
  Instance instance(server_.port(), options);
  scopes_ = {{ScopeRef::key("k"), {{10, 0, 0}, {}}}};
  const ReserveRequest request{scopes_, 0, 0};
  std::vector<ReserveResult> held;
  for (int i = 0; i < 3; ++i) held.push_back(instance.reserve(request));
  server_.kill();
  ASSERT_TRUE(drive_until(instance.ioc, [&] { return !instance.connection->ready(); }));
  for (ReserveResult& r : held) {
    EXPECT_EQ(instance.settle(r.reservation, 0, 0).status, SettleStatus::unavailable);
  }
  EXPECT_EQ(instance.store->queued_settles(), 2u);
  const RedisCounterStats stats = instance.store->stats();
  EXPECT_EQ(stats.settles_queued, 2u);
  EXPECT_EQ(stats.settles_dropped, 1u);
  EXPECT_EQ(stats.settle_unavailable, 3u);
}

}  // namespace
}  // namespace llmgw::store::redis
