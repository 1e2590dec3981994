#include "upstream/connection_pool.hpp"

#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
#include <memory>

#include "support/loopback_test_support.hpp"

namespace llmgw::upstream {
namespace {

using namespace llmgw::testing;
using Clock = std::chrono::steady_clock;

// Waits (bounded) until `fd` is readable: data or a FIN has arrived.
bool wait_readable(int fd) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, 1000) == 1;
}

// A client Connection and the server's end of it, connected over loopback.
struct ConnectedPair {
  std::unique_ptr<Connection> client;
  tcp::socket server;
};

class UpstreamConnectionPoolTest : public ::testing::Test {
 protected:
  ConnectedPair connect() {
    auto client = std::make_unique<Connection>(ioc_.get_executor());
    client->tcp().socket().connect(acceptor_.local_endpoint());
    tcp::socket server = acceptor_.accept();
    return {std::move(client), std::move(server)};
  }

  std::shared_ptr<ConnectionPool> make_pool(Clock::duration idle_ttl = std::chrono::seconds(60)) {
    ConnectionPool::Settings settings;
    settings.idle_ttl = idle_ttl;
    return ConnectionPool::create(ioc_.get_executor(), OriginKey{false, "127.0.0.1", 80, true},
                                  settings);
  }

  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  const Clock::time_point now_ = Clock::now();
};

TEST_F(UpstreamConnectionPoolTest, ReusesMostRecentlyReleasedConnectionFirst) {
  auto pool = make_pool();
  ConnectedPair older = connect();
  ConnectedPair newer = connect();
  Connection* older_raw = older.client.get();
  Connection* newer_raw = newer.client.get();
  pool->release(std::move(older.client), 4, now_);
  pool->release(std::move(newer.client), 4, now_);
  EXPECT_EQ(pool->idle_count(), 2u);

  auto first = pool->checkout(now_);
  auto second = pool->checkout(now_);
  EXPECT_EQ(first.get(), newer_raw);
  EXPECT_EQ(second.get(), older_raw);
  EXPECT_EQ(pool->checkout(now_), nullptr);
}

TEST_F(UpstreamConnectionPoolTest, KeepsAtMostMaxIdleClosingTheOldest) {
  auto pool = make_pool();
  ConnectedPair a = connect();
  ConnectedPair b = connect();
  ConnectedPair c = connect();
  Connection* c_raw = c.client.get();
  pool->release(std::move(a.client), 2, now_);
  pool->release(std::move(b.client), 2, now_);
  pool->release(std::move(c.client), 2, now_);
  EXPECT_EQ(pool->idle_count(), 2u);
  // The oldest was closed: its server end sees EOF.
  ASSERT_TRUE(wait_readable(a.server.native_handle()));
  char byte;
  boost::system::error_code ec;
  a.server.read_some(asio::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, asio::error::eof);
  EXPECT_EQ(pool->checkout(now_).get(), c_raw);
}

TEST_F(UpstreamConnectionPoolTest, KeepsNothingWithMaxIdleZeroOrWhenClosed) {
  auto pool = make_pool();
  ConnectedPair a = connect();
  pool->release(std::move(a.client), 0, now_);
  EXPECT_EQ(pool->idle_count(), 0u);
  ConnectedPair b = connect();
  b.client->close();
  pool->release(std::move(b.client), 4, now_);
  EXPECT_EQ(pool->idle_count(), 0u);
}

TEST_F(UpstreamConnectionPoolTest, DiscardsConnectionTheServerClosed) {
  auto pool = make_pool();
  ConnectedPair pair = connect();
  const int client_fd = pair.client->tcp().socket().native_handle();
  pool->release(std::move(pair.client), 4, now_);
  pair.server.close();
  ASSERT_TRUE(wait_readable(client_fd));
  // Checked past the threshold under which the pool trusts a connection without a peek.
  EXPECT_EQ(pool->checkout(now_ + std::chrono::seconds(2)), nullptr);
  EXPECT_EQ(pool->idle_count(), 0u);
}

TEST_F(UpstreamConnectionPoolTest, DiscardsConnectionWithUnsolicitedBytes) {
  auto pool = make_pool();
  ConnectedPair stale = connect();
  ConnectedPair fresh = connect();
  Connection* fresh_raw = fresh.client.get();
  const int stale_fd = stale.client->tcp().socket().native_handle();
  pool->release(std::move(fresh.client), 4, now_);
  pool->release(std::move(stale.client), 4, now_);
  asio::write(stale.server, asio::buffer(std::string_view("HTTP/1.1 408 Request Timeout\r\n\r\n")));
  ASSERT_TRUE(wait_readable(stale_fd));
  // The newest entry is dropped; the next one is still good.
  EXPECT_EQ(pool->checkout(now_ + std::chrono::seconds(2)).get(), fresh_raw);
}

TEST_F(UpstreamConnectionPoolTest, RecentlyIdleConnectionsAreReusedWithoutAPeek) {
  auto pool = make_pool();
  ConnectedPair pair = connect();
  Connection* raw = pair.client.get();
  pool->release(std::move(pair.client), 4, now_);
  pair.server.close();
  ASSERT_TRUE(wait_readable(raw->tcp().socket().native_handle()));
  // Under a second idle the pool saves the syscall; a send on a connection the server has
  // closed fails before any response byte and is retried on a fresh connection instead.
  EXPECT_EQ(pool->checkout(now_ + std::chrono::milliseconds(100)).get(), raw);
}

TEST_F(UpstreamConnectionPoolTest, ExpiredConnectionsAreNotReused) {
  auto pool = make_pool(std::chrono::seconds(60));
  ConnectedPair a = connect();
  ConnectedPair b = connect();
  pool->release(std::move(a.client), 4, now_);
  pool->release(std::move(b.client), 4, now_ + std::chrono::seconds(30));
  EXPECT_EQ(pool->checkout(now_ + std::chrono::seconds(91)), nullptr);
  EXPECT_EQ(pool->idle_count(), 0u);
}

TEST_F(UpstreamConnectionPoolTest, EvictExpiredDropsOnlyTheOldOnes) {
  auto pool = make_pool(std::chrono::seconds(60));
  ConnectedPair a = connect();
  ConnectedPair b = connect();
  Connection* b_raw = b.client.get();
  pool->release(std::move(a.client), 4, now_);
  pool->release(std::move(b.client), 4, now_ + std::chrono::seconds(30));
  pool->evict_expired(now_ + std::chrono::seconds(61));
  EXPECT_EQ(pool->idle_count(), 1u);
  EXPECT_EQ(pool->checkout(now_ + std::chrono::seconds(61)).get(), b_raw);
}

TEST_F(UpstreamConnectionPoolTest, EvictionTimerClosesIdleConnectionsWithoutTraffic) {
  auto pool = make_pool(std::chrono::milliseconds(50));
  ConnectedPair pair = connect();
  pool->release(std::move(pair.client), 4, Clock::now());
  bool server_saw_close = false;
  run_bounded(ioc_, [&]() -> asio::awaitable<void> {
    server_saw_close = co_await wait_for_peer_close(pair.server);
  });
  EXPECT_TRUE(server_saw_close);
  EXPECT_EQ(pool->idle_count(), 0u);
}

TEST_F(UpstreamConnectionPoolTest, EvictionTimerIsHarmlessAfterThePoolIsGone) {
  auto pool = make_pool(std::chrono::milliseconds(20));
  ConnectedPair pair = connect();
  pool->release(std::move(pair.client), 4, Clock::now());
  pool.reset();  // closes the idle connection with the pool
  bool server_saw_close = false;
  run_bounded(ioc_, [&]() -> asio::awaitable<void> {
    server_saw_close = co_await wait_for_peer_close(pair.server);
    asio::steady_timer after_expiry(ioc_, std::chrono::milliseconds(40));
    co_await after_expiry.async_wait(kNoThrow);
  });
  EXPECT_TRUE(server_saw_close);
}

}  // namespace
}  // namespace llmgw::upstream
