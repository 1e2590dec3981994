#include "upstream/connection.hpp"

#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio/write.hpp>

#include "upstream/tls_context.hpp"

namespace llmgw::upstream {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool wait_readable(int fd) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, 1000) == 1;
}

class UpstreamConnectionTest : public ::testing::Test {
 protected:
  tcp::socket connect(Connection& connection) {
    connection.tcp().socket().connect(acceptor_.local_endpoint());
    return acceptor_.accept();
  }

  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
};

TEST_F(UpstreamConnectionTest, PlainAndTlsShareTheTcpLayer) {
  Connection plain(ioc_.get_executor());
  EXPECT_FALSE(plain.is_tls());
  EXPECT_EQ(plain.tls(), nullptr);

  asio::ssl::context context = make_client_tls_context();
  Connection secure(ioc_.get_executor(), context);
  EXPECT_TRUE(secure.is_tls());
  ASSERT_NE(secure.tls(), nullptr);
  EXPECT_EQ(&secure.tcp(), &boost::beast::get_lowest_layer(*secure.tls()));

  EXPECT_EQ(secure.read_buffer().max_size(), Connection::kReadBufferLimit);
}

TEST_F(UpstreamConnectionTest, QuietOpenConnectionIsReusable) {
  Connection connection(ioc_.get_executor());
  EXPECT_FALSE(connection.idle_and_quiet());  // not connected yet
  tcp::socket server = connect(connection);
  EXPECT_TRUE(connection.is_open());
  EXPECT_TRUE(connection.idle_and_quiet());
  EXPECT_TRUE(connection.idle_and_quiet());  // peeking consumes nothing
}

TEST_F(UpstreamConnectionTest, PeerCloseOrUnsolicitedBytesMakeItUnusable) {
  Connection closed_by_peer(ioc_.get_executor());
  tcp::socket server_a = connect(closed_by_peer);
  server_a.close();
  ASSERT_TRUE(wait_readable(closed_by_peer.tcp().socket().native_handle()));
  EXPECT_FALSE(closed_by_peer.idle_and_quiet());

  Connection chatty(ioc_.get_executor());
  tcp::socket server_b = connect(chatty);
  asio::write(server_b, asio::buffer(std::string_view("x")));
  ASSERT_TRUE(wait_readable(chatty.tcp().socket().native_handle()));
  EXPECT_FALSE(chatty.idle_and_quiet());
}

TEST_F(UpstreamConnectionTest, CloseIsImmediateAndIdempotent) {
  Connection connection(ioc_.get_executor());
  tcp::socket server = connect(connection);
  connection.close();
  EXPECT_FALSE(connection.is_open());
  EXPECT_FALSE(connection.idle_and_quiet());
  connection.close();
  char byte;
  boost::system::error_code ec;
  ASSERT_TRUE(wait_readable(server.native_handle()));
  server.read_some(asio::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, asio::error::eof);
}

TEST_F(UpstreamConnectionTest, CountsRequestsAndIdleTime) {
  Connection connection(ioc_.get_executor());
  EXPECT_EQ(connection.requests_sent(), 0u);
  connection.count_request();
  connection.count_request();
  EXPECT_EQ(connection.requests_sent(), 2u);
  const auto at = Connection::Clock::now();
  connection.mark_idle(at);
  EXPECT_EQ(connection.idle_since(), at);
}

}  // namespace
}  // namespace llmgw::upstream
