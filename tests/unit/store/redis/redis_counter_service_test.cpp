// Tests for src/store/redis/redis_counter_service.cpp: one worker's Redis backend as the
// gateway starts, serves, loses Redis and stops it; and what a reserve costs on loopback.

#include "store/redis/redis_counter_service.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <iostream>
#include <sstream>
#include <vector>

#include "support/redis_server.hpp"

namespace llmgw::store::redis {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using governance::ScopeRef;
using llmgw::testing::drive;
using llmgw::testing::drive_until;
using llmgw::testing::RedisServer;
using Clock = std::chrono::steady_clock;

asio::awaitable<bool> started(RedisCounterService& service) {
  co_await service.start();
  co_return true;
}

class RedisCounterServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::installed()) GTEST_SKIP() << "redis-server is not installed";
    ASSERT_TRUE(server_.start());
    log_ = std::make_unique<observability::AppLog>(
        config::LoggingConfig{}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
  }

  std::unique_ptr<RedisCounterService> make(std::uint16_t port) {
    RedisOptions options;
    options.port = port;
    options.timeout = 200ms;
    options.connect_timeout = 300ms;
    options.backoff_initial = 20ms;
    options.backoff_max = 100ms;
    options.jitter_seed = 1;
    return std::make_unique<RedisCounterService>(ioc_.get_executor(), options,
                                                 RedisCounterStoreOptions{}, *log_);
  }

  observability::RedisStats stats(const RedisCounterService& service) const {
    observability::RedisStats totals;
    service.add_stats(totals);
    return totals;
  }

  int count(std::string_view text) const {
    const std::string all = out_.str();
    int n = 0;
    for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++n;
    return n;
  }

  ReserveResult reserve(RedisCounterService& service) {
    const ReserveRequest request{scopes_, 0, 0};
    return drive(ioc_, service.store().reserve(request));
  }

  RedisServer server_;
  std::ostringstream out_;
  std::unique_ptr<observability::AppLog> log_;
  asio::io_context ioc_;  ///< Destroyed first: its coroutines may still name the log.
  std::vector<ScopeCheck> scopes_{{ScopeRef::key("k"), {{1'000'000, 0, 0}, {}}}};
};

TEST_F(RedisCounterServiceTest, StartWaitsForTheConnectionThenServes) {
  auto service = make(server_.port());
  EXPECT_TRUE(drive(ioc_, started(*service)));
  EXPECT_EQ(stats(*service).connections, 1u);
  EXPECT_EQ(stats(*service).connections_up, 1u);
  EXPECT_EQ(reserve(*service).status, ReserveStatus::admitted);
  EXPECT_EQ(count("redis connected"), 1) << out_.str();
  service->stop();
  drive_until(
      ioc_, [] { return false; }, 50ms);
  EXPECT_EQ(stats(*service).connections_up, 0u);
}

TEST_F(RedisCounterServiceTest, ARedisThatIsDownDelaysStartByAtMostTheConnectTimeout) {
  server_.kill();
  auto service = make(server_.port());
  const auto begin = Clock::now();
  EXPECT_TRUE(drive(ioc_, started(*service)));
  EXPECT_LT(Clock::now() - begin, 500ms);  // connect_timeout 300ms + margin
  EXPECT_EQ(stats(*service).connections_up, 0u);
  EXPECT_EQ(reserve(*service).status, ReserveStatus::unavailable);
  // Reconnect attempts go on (every 100ms at most) but the outage is logged once.
  drive_until(
      ioc_, [&] { return stats(*service).connect_failures >= 4; }, 3s);
  EXPECT_GE(stats(*service).connect_failures, 4u);
  EXPECT_EQ(count("redis unavailable"), 1) << out_.str();

  ASSERT_TRUE(server_.restart());
  EXPECT_TRUE(drive_until(
      ioc_, [&] { return stats(*service).connections_up == 1; }, 3s));
  EXPECT_EQ(reserve(*service).status, ReserveStatus::admitted);
  EXPECT_EQ(count("redis connected"), 1) << out_.str();
  service->stop();
}

TEST_F(RedisCounterServiceTest, ADroppedConnectionIsLoggedOnceAndCounted) {
  auto service = make(server_.port());
  drive(ioc_, started(*service));
  server_.kill();
  EXPECT_TRUE(drive_until(
      ioc_, [&] { return stats(*service).connections_up == 0; }, 3s));
  drive_until(
      ioc_, [&] { return stats(*service).connect_failures >= 3; }, 3s);
  EXPECT_EQ(stats(*service).disconnects, 1u);
  EXPECT_EQ(count("redis unavailable"), 1) << out_.str();
  service->stop();
}

// One round trip per reserve and per settle, whatever the scopes; prints the p50 so the
// cost of the Redis backend on loopback can be reported (docs/benchmarks.md).
TEST_F(RedisCounterServiceTest, ReserveAndSettleAreOneCallEachOnLoopback) {
  auto service = make(server_.port());
  drive(ioc_, started(*service));
  const std::vector<ScopeCheck> scopes{{ScopeRef::global(), {{1'000'000, 10'000'000, 0}, {}}},
                                       {ScopeRef::key("k"), {{1'000'000, 0, 1'000}, {}}}};
  constexpr int kRounds = 2000;
  const std::uint64_t calls_before = stats(*service).calls;
  std::vector<double> reserve_us;
  std::vector<double> settle_us;
  for (int i = 0; i < kRounds; ++i) {
    const ReserveRequest request{scopes, 100, 0};
    auto begin = Clock::now();
    ReserveResult result = drive(ioc_, service->store().reserve(request));
    reserve_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - begin).count());
    ASSERT_EQ(result.status, ReserveStatus::admitted);
    begin = Clock::now();
    const SettleResult settled = drive(ioc_, service->store().settle(result.reservation, 90, 0));
    settle_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - begin).count());
    ASSERT_EQ(settled.status, SettleStatus::settled);
  }
  EXPECT_EQ(stats(*service).calls - calls_before, 2u * kRounds);
  const auto p50 = [](std::vector<double>& v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  std::cout << "[ loopback ] reserve p50 " << p50(reserve_us) << " us, settle p50 "
            << p50(settle_us) << " us over " << kRounds << " rounds\n";
  service->stop();
}

}  // namespace
}  // namespace llmgw::store::redis
