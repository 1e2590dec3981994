// The Redis counter store against a real redis-server: the backend-neutral rules
// (support/counter_store_conformance.hpp), then what only a shared, remote store has to
// get right: TTLs, one round trip per call, several instances at once, and outages.

#include "store/redis/redis_counter_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <thread>

#include "store/redis/counter_scripts.hpp"
#include "store/redis/redis_test_instance.hpp"
#include "support/counter_store_conformance.hpp"
#include "support/redis_server.hpp"

namespace llmgw::store::conformance {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using redis::RedisCounterStoreOptions;
using redis::testing::Instance;
using testing::RedisServer;

constexpr std::string_view kNotInstalled =
    "redis-server is not installed (scripts/install-deps.sh test installs it)";

/// One server for the conformance tests, flushed before each.
RedisServer* shared_server() {
  static std::unique_ptr<RedisServer> server = [] {
    auto s = std::make_unique<RedisServer>();
    return RedisServer::installed() && s->start() ? std::move(s) : nullptr;
  }();
  return server.get();
}

struct RedisBackend {
  static constexpr std::int64_t kParallelRetryMs = redis::kParallelRetryMs;
  ManualWallClock clock;
  std::optional<Instance> instance;
  std::string reason;

  RedisBackend() {
    RedisServer* server = shared_server();
    if (server == nullptr) {
      reason = RedisServer::installed() ? "redis-server did not start" : kNotInstalled;
      return;
    }
    server->command({"FLUSHALL"});
    RedisCounterStoreOptions options;
    options.clock = &clock;
    instance.emplace(server->port(), options);
    if (!instance->connection->ready()) reason = "could not connect to redis-server";
  }
  std::string skip_reason() const { return reason; }
  ReserveResult reserve(const ReserveRequest& request) { return instance->reserve(request); }
  SettleResult settle(Reservation& r, std::int64_t tokens, pico_usd cost) {
    return instance->settle(r, tokens, cost);
  }
};

INSTANTIATE_TYPED_TEST_SUITE_P(Redis, CounterStoreConformance, RedisBackend);

class RedisCounterStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::installed()) GTEST_SKIP() << kNotInstalled;
    ASSERT_TRUE(server_.start());
  }
  RedisServer server_;
  std::vector<ScopeCheck> scopes_;
};

TEST_F(RedisCounterStoreTest, EveryKeyExpiresButTheIdCounterAndTotalBudgets) {
  Instance instance(server_.port());
  scopes_ = {{ScopeRef::global(), rate(100, 10'000, 10)},
             {ScopeRef::team("t"), budget(1'000, BudgetPeriod::day)},
             {ScopeRef::key("k"), budget(1'000, BudgetPeriod::total)}};
  const ReserveRequest request{scopes_, 50, 10};
  ReserveResult kept = instance.reserve(request);
  ReserveResult settled = instance.reserve(request);
  ASSERT_EQ(settled.status, ReserveStatus::admitted);
  instance.settle(settled.reservation, 70, 12);
  const std::string keys = server_.command({"KEYS", "*"});
  std::size_t checked = 0;
  for (std::size_t begin = 0; begin < keys.size();) {
    const std::size_t end = std::min(keys.find(',', begin), keys.size());
    const std::string key = keys.substr(begin, end - begin);
    begin = end + 1;
    ++checked;
    const long long ttl = std::stoll(server_.command({"PTTL", key}));
    if (key == "{llmgw}:id" || key == "{llmgw}:b:key:k:t") {
      EXPECT_EQ(ttl, -1) << key;
    } else {
      EXPECT_GT(ttl, 0) << key;
      EXPECT_LE(ttl, 2 * 86'400'000LL) << key;
    }
  }
  // id, r; global: 2 windows; in-flight sets of global, team and key; 2 budgets.
  EXPECT_EQ(checked, 9u) << keys;
  instance.settle(kept.reservation, 50, 10);
}

TEST_F(RedisCounterStoreTest, ReserveAndSettleAreOneRoundTripEach) {
  Instance instance(server_.port());
  scopes_ = {{ScopeRef::global(), rate(100, 10'000, 10)},
             {ScopeRef::team("t"), budget(1'000, BudgetPeriod::month)},
             {ScopeRef::key("k"), rate(10, 1'000)}};
  const ReserveRequest request{scopes_, 50, 10};
  const std::uint64_t before = instance.connection->stats().calls;
  ReserveResult r = instance.reserve(request);
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  EXPECT_EQ(instance.connection->stats().calls, before + 1);
  EXPECT_EQ(instance.settle(r.reservation, 40, 9).status, SettleStatus::settled);
  EXPECT_EQ(instance.connection->stats().calls, before + 2);
  EXPECT_EQ(instance.connection->stats().noscript_fallbacks, 0u);  // Loaded at connect.
}

TEST_F(RedisCounterStoreTest, AFlushedScriptCacheCostsOneEval) {
  Instance instance(server_.port());
  scopes_ = {{ScopeRef::key("k"), rate(10)}};
  const ReserveRequest request{scopes_, 0, 0};
  server_.command({"SCRIPT", "FLUSH"});
  ReserveResult r = instance.reserve(request);
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  EXPECT_EQ(instance.connection->stats().noscript_fallbacks, 1u);
  EXPECT_EQ(instance.reserve(request).status, ReserveStatus::admitted);
  EXPECT_EQ(instance.connection->stats().noscript_fallbacks, 1u);  // EVAL cached it again.
}

TEST_F(RedisCounterStoreTest, UnlimitedRequestsNeverTouchRedis) {
  Instance instance(server_.port());
  scopes_ = {{ScopeRef::key("k"), {}}};
  const ReserveRequest request{scopes_, 10, 10};
  const std::uint64_t before = instance.connection->stats().calls;
  ReserveResult r = instance.reserve(request);
  ASSERT_EQ(r.status, ReserveStatus::admitted);
  EXPECT_EQ(instance.settle(r.reservation, 1, 1).status, SettleStatus::settled);
  EXPECT_EQ(instance.connection->stats().calls, before);
}

TEST_F(RedisCounterStoreTest, ConcurrencyLeasesOfADeadInstanceExpire) {
  RedisCounterStoreOptions options;
  options.lease = 300ms;
  Instance instance(server_.port(), options);
  scopes_ = {{ScopeRef::key("k"), rate(0, 0, 1)}};
  const ReserveRequest request{scopes_, 0, 0};
  ReserveResult abandoned = instance.reserve(request);  // Never settled: its instance "died".
  ASSERT_EQ(abandoned.status, ReserveStatus::admitted);
  EXPECT_EQ(instance.reserve(request).status, ReserveStatus::denied);
  std::this_thread::sleep_for(350ms);
  EXPECT_EQ(instance.reserve(request).status, ReserveStatus::admitted);
}

}  // namespace
}  // namespace llmgw::store::conformance
