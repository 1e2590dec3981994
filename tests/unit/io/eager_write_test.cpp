#include "io/eager_write.hpp"

#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/beast/core/error.hpp>
#include <string>

#include "support/loopback_test_support.hpp"

namespace llmgw::io {
namespace {

using namespace llmgw::testing;
using asio::awaitable;

// A connected pair over loopback: `client` is the gateway side, `server` the peer.
struct SocketPair {
  explicit SocketPair(asio::io_context& ioc) : client(ioc), server(ioc) {
    tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    client.socket().connect(acceptor.local_endpoint());
    acceptor.accept(server);
  }
  boost::beast::tcp_stream client;
  tcp::socket server;
};

std::string pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + (i * 7) % 26);
  return bytes;
}

TEST(EagerWriteTest, SmallGatherWriteCompletesWithoutSuspending) {
  asio::io_context ioc;
  SocketPair pair(ioc);
  const std::string head = "head|";
  const std::string body = "body";
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(body)};
  bool done = false;
  asio::co_spawn(
      ioc,
      [&]() -> awaitable<void> {
        const WriteResult result = co_await eager_write(pair.client, buffers, 1s);
        EXPECT_FALSE(result.error);
        EXPECT_EQ(result.bytes, 9u);
        done = true;
      },
      fail_on_exception);
  // The write needs no event: polling once runs the coroutine to its end.
  ioc.poll();
  EXPECT_TRUE(done);
  std::string received(9, '\0');
  asio::read(pair.server, asio::buffer(received));
  EXPECT_EQ(received, "head|body");
}

TEST(EagerWriteTest, WhatTheKernelDoesNotTakeIsCopiedAndWrittenLater) {
  asio::io_context ioc;
  SocketPair pair(ioc);
  pair.client.socket().set_option(asio::socket_base::send_buffer_size(4096));
  const std::string expected = pattern(1024 * 1024);
  std::string scratch = expected;  // Stands for a per-thread buffer reused by others.
  const std::array<asio::const_buffer, 1> buffers{asio::buffer(scratch)};
  std::optional<WriteResult> result;
  asio::co_spawn(
      ioc, [&]() -> awaitable<void> { result = co_await eager_write(pair.client, buffers, 5s); },
      fail_on_exception);
  ioc.poll();
  ASSERT_FALSE(result) << "1 MiB cannot fit the socket buffers while the peer does not read";
  scratch.assign(scratch.size(), 'X');

  std::string received(expected.size(), '\0');
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto [ec, n] = co_await asio::async_read(pair.server, asio::buffer(received), kNoThrow);
    EXPECT_FALSE(ec);
    EXPECT_EQ(n, expected.size());
  });
  ioc.restart();
  ioc.run_for(1s);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->error);
  EXPECT_EQ(result->bytes, expected.size());
  EXPECT_TRUE(received == expected) << "bytes changed after the write suspended";
}

TEST(EagerWriteTest, PeerThatStopsReadingHitsTheTimeout) {
  asio::io_context ioc;
  SocketPair pair(ioc);
  pair.client.socket().set_option(asio::socket_base::send_buffer_size(4096));
  const std::string payload = pattern(8 * 1024 * 1024);
  const std::array<asio::const_buffer, 1> buffers{asio::buffer(payload)};
  run_bounded(ioc, [&]() -> awaitable<void> {
    const WriteResult result = co_await eager_write(pair.client, buffers, 100ms);
    EXPECT_EQ(result.error, boost::beast::error::timeout);
    EXPECT_LT(result.bytes, payload.size());
  });
}

TEST(EagerWriteTest, ClosedPeerIsAnError) {
  asio::io_context ioc;
  SocketPair pair(ioc);
  pair.server.set_option(asio::socket_base::linger(true, 0));
  pair.server.close();  // RST: the next writes fail.
  const std::string payload = pattern(64 * 1024);
  const std::array<asio::const_buffer, 1> buffers{asio::buffer(payload)};
  run_bounded(ioc, [&]() -> awaitable<void> {
    WriteResult result;
    for (int i = 0; i < 100 && !result.error; ++i) {
      result = co_await eager_write(pair.client, buffers, 1s);
    }
    EXPECT_TRUE(result.error);
  });
}

}  // namespace
}  // namespace llmgw::io
