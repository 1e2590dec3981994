#include "upstream/connector.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "support/loopback_test_support.hpp"
#include "upstream/tls_context.hpp"
#include "upstream/upstream_test_fixture.hpp"

namespace llmgw::upstream {
namespace {

using namespace llmgw::testing;
using asio::awaitable;
using Clock = std::chrono::steady_clock;

ConnectDeadline in(std::chrono::milliseconds limit) {
  return {Clock::now() + limit, TimeoutKind::connect, limit};
}

Endpoints endpoints_for(std::uint16_t port) {
  return Endpoints::create(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), "127.0.0.1",
                           std::to_string(port));
}

// Accepts one TCP connection and never speaks TLS: the client's handshake stalls.
struct SilentServer {
  explicit SilentServer(asio::io_context& ioc) : listener(ioc), accepted(ioc), closed(ioc) {
    spawn(ioc, [this]() -> awaitable<void> {
      tcp::socket socket = co_await listener.accept();
      accepted.notify();
      saw_close = co_await wait_for_peer_close(socket);
      closed.notify();
    });
  }
  LoopbackListener listener;
  Event accepted;
  Event closed;
  bool saw_close = false;
};

class UpstreamConnectorTest : public ::testing::Test {
 protected:
  asio::io_context ioc_;
  asio::ssl::context tls_ = make_client_tls_context();
  DnsCache dns_{std::chrono::seconds(30)};
  AbortSwitch abort_;
};

TEST_F(UpstreamConnectorTest, ConnectsAndCachesTheDnsAnswer) {
  LoopbackListener listener(ioc_);
  const auto provider = loopback_provider(listener.port());
  run_bounded(ioc_, [&]() -> awaitable<void> {
    auto connection = co_await open_connection(ioc_.get_executor(), tls_, provider, dns_,
                                               in(std::chrono::seconds(1)), abort_);
    LLMGW_CO_ASSERT_OK(connection);
    EXPECT_TRUE((*connection)->is_open());
    EXPECT_FALSE((*connection)->is_tls());
    asio::ip::tcp::no_delay no_delay;
    (*connection)->tcp().socket().get_option(no_delay);
    EXPECT_TRUE(no_delay.value());
  });
  auto cached = dns_.lookup(Clock::now());
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->begin()->endpoint().port(), listener.port());
}

TEST_F(UpstreamConnectorTest, UsesTheCachedAnswerInsteadOfResolving) {
  LoopbackListener listener(ioc_);
  // The configured port is wrong on purpose: only the cached address can succeed.
  const auto provider = loopback_provider(1);
  dns_.store(endpoints_for(listener.port()), Clock::now());
  run_bounded(ioc_, [&]() -> awaitable<void> {
    auto connection = co_await open_connection(ioc_.get_executor(), tls_, provider, dns_,
                                               in(std::chrono::seconds(1)), abort_);
    LLMGW_CO_ASSERT_OK(connection);
    EXPECT_EQ((*connection)->tcp().socket().remote_endpoint().port(), listener.port());
  });
}

TEST_F(UpstreamConnectorTest, RefusedConnectionForgetsTheDnsAnswer) {
  std::uint16_t closed_port = 0;
  {
    LoopbackListener listener(ioc_);
    closed_port = listener.port();
  }
  const auto provider = loopback_provider(closed_port);
  dns_.store(endpoints_for(closed_port), Clock::now());
  run_bounded(ioc_, [&]() -> awaitable<void> {
    auto connection = co_await open_connection(ioc_.get_executor(), tls_, provider, dns_,
                                               in(std::chrono::seconds(1)), abort_);
    LLMGW_CO_ASSERT_TRUE(!connection.ok());
    EXPECT_EQ(connection.error().kind, ErrorKind::upstream_connect);
  });
  EXPECT_FALSE(dns_.lookup(Clock::now()));
}

TEST_F(UpstreamConnectorTest, StalledTlsHandshakeIsConnectTimeout) {
  SilentServer server(ioc_);
  auto provider = loopback_provider(server.listener.port(), /*tls=*/true);
  provider.verify_tls = false;
  run_bounded(ioc_, [&]() -> awaitable<void> {
    const auto start = Clock::now();
    auto connection = co_await open_connection(ioc_.get_executor(), tls_, provider, dns_,
                                               in(std::chrono::milliseconds(100)), abort_);
    const auto elapsed = Clock::now() - start;
    LLMGW_CO_ASSERT_TRUE(!connection.ok());
    EXPECT_EQ(connection.error().kind, ErrorKind::upstream_timeout);
    EXPECT_EQ(connection.error().message, "upstream 'loopback': connect timeout (100 ms)");
    EXPECT_LT(elapsed, std::chrono::milliseconds(900));
    co_await server.closed.wait();
  });
  EXPECT_TRUE(server.saw_close);
}

TEST_F(UpstreamConnectorTest, AbortDuringHandshakeStopsAtOnce) {
  SilentServer server(ioc_);
  auto provider = loopback_provider(server.listener.port(), /*tls=*/true);
  provider.verify_tls = false;
  spawn(ioc_, [&]() -> awaitable<void> {
    co_await server.accepted.wait();
    abort_.abort();
  });
  run_bounded(ioc_, [&]() -> awaitable<void> {
    auto connection = co_await open_connection(ioc_.get_executor(), tls_, provider, dns_,
                                               in(std::chrono::seconds(2)), abort_);
    LLMGW_CO_ASSERT_TRUE(!connection.ok());
    EXPECT_NE(connection.error().message.find("cancelled"), std::string::npos);
    co_await server.closed.wait();
  });
  EXPECT_TRUE(server.saw_close);
}

TEST_F(UpstreamConnectorTest, UnresolvableHostFailsWithinTheConnectDeadline) {
  const auto provider = loopback_provider(80, false, "no-such-host.invalid");
  run_bounded(ioc_, [&]() -> awaitable<void> {
    const auto start = Clock::now();
    auto connection = co_await open_connection(ioc_.get_executor(), tls_, provider, dns_,
                                               in(std::chrono::milliseconds(300)), abort_);
    const auto elapsed = Clock::now() - start;
    LLMGW_CO_ASSERT_TRUE(!connection.ok());
    // NXDOMAIN when a resolver answers, the deadline when none does: never a hang.
    const Error& error = connection.error();
    if (error.kind == ErrorKind::upstream_connect) {
      EXPECT_NE(error.message.find("DNS lookup of 'no-such-host.invalid' failed"),
                std::string::npos)
          << error.message;
    } else {
      EXPECT_EQ(error.kind, ErrorKind::upstream_timeout);
    }
    EXPECT_LT(elapsed, std::chrono::milliseconds(1'000));
  });
}

}  // namespace
}  // namespace llmgw::upstream
