#include "upstream/dns_cache.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <chrono>

#include "support/loopback_test_support.hpp"

namespace llmgw::upstream {
namespace {

using namespace llmgw::testing;
using Clock = std::chrono::steady_clock;

Endpoints loopback_endpoints(std::uint16_t port) {
  return Endpoints::create(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), "127.0.0.1",
                           std::to_string(port));
}

TEST(UpstreamDnsCacheTest, ServesAnswerUntilItsTtlExpires) {
  DnsCache cache(std::chrono::seconds(30));
  const auto now = Clock::now();
  EXPECT_FALSE(cache.lookup(now));
  cache.store(loopback_endpoints(8080), now);
  auto hit = cache.lookup(now + std::chrono::seconds(29));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->begin()->endpoint().port(), 8080);
  EXPECT_FALSE(cache.lookup(now + std::chrono::seconds(30)));
}

TEST(UpstreamDnsCacheTest, ForgetDropsTheAnswer) {
  DnsCache cache(std::chrono::seconds(30));
  const auto now = Clock::now();
  cache.store(loopback_endpoints(80), now);
  cache.forget();
  EXPECT_FALSE(cache.lookup(now));
}

TEST(UpstreamDnsCacheTest, ResolvesNumericAndLocalNames) {
  asio::io_context ioc;
  run_bounded(ioc, [&]() -> asio::awaitable<void> {
    AbortSwitch abort;
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    ResolveResult numeric =
        co_await resolve_host(ioc.get_executor(), "127.0.0.1", 8443, deadline, abort);
    LLMGW_CO_ASSERT_TRUE(!numeric.ec);
    LLMGW_CO_ASSERT_TRUE(!numeric.endpoints.empty());
    EXPECT_EQ(numeric.endpoints.begin()->endpoint(),
              tcp::endpoint(asio::ip::make_address("127.0.0.1"), 8443));

    ResolveResult local =
        co_await resolve_host(ioc.get_executor(), "localhost", 80, deadline, abort);
    EXPECT_FALSE(local.ec) << local.ec.message();
    EXPECT_FALSE(local.endpoints.empty());
  });
}

TEST(UpstreamDnsCacheTest, AbortedBeforehandDoesNotResolve) {
  asio::io_context ioc;
  run_bounded(ioc, [&]() -> asio::awaitable<void> {
    AbortSwitch abort;
    abort.abort();
    ResolveResult result = co_await resolve_host(ioc.get_executor(), "localhost", 80,
                                                 Clock::now() + std::chrono::seconds(2), abort);
    EXPECT_EQ(result.ec, asio::error::operation_aborted);
    EXPECT_TRUE(result.endpoints.empty());
  });
}

TEST(UpstreamDnsCacheTest, AbortWhileWaitingResumesAtOnce) {
  asio::io_context ioc;
  run_bounded(ioc, [&]() -> asio::awaitable<void> {
    AbortSwitch abort;
    // Queued before the lookup starts, so it runs while resolve_host is suspended and
    // before the resolver thread can post its answer.
    asio::post(ioc, [&] { abort.abort(); });
    ResolveResult result = co_await resolve_host(ioc.get_executor(), "localhost", 80,
                                                 Clock::now() + std::chrono::seconds(2), abort);
    EXPECT_EQ(result.ec, asio::error::operation_aborted);
  });
}

}  // namespace
}  // namespace llmgw::upstream
