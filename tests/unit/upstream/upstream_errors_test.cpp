#include "upstream/upstream_errors.hpp"

#include <gtest/gtest.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace llmgw::upstream {
namespace {

namespace asio = boost::asio;

TEST(UpstreamErrorsTest, ConnectErrorNamesProviderPhaseAndCause) {
  const Error error = connect_error("openai", "connect to api.openai.com:443 failed",
                                    asio::error::make_error_code(asio::error::connection_refused));
  EXPECT_EQ(error.kind, ErrorKind::upstream_connect);
  EXPECT_EQ(error.http_status, 502);
  EXPECT_TRUE(error.retryable);
  EXPECT_EQ(error.message.rfind("upstream 'openai': connect to api.openai.com:443 failed: ", 0), 0u)
      << error.message;
}

TEST(UpstreamErrorsTest, TimeoutErrorNamesWhichDeadline) {
  EXPECT_EQ(timeout_error("p", TimeoutKind::connect, std::chrono::milliseconds(5000)).message,
            "upstream 'p': connect timeout (5000 ms)");
  EXPECT_EQ(timeout_error("p", TimeoutKind::first_byte, std::chrono::milliseconds(100)).message,
            "upstream 'p': first byte timeout (100 ms)");
  const Error idle = timeout_error("p", TimeoutKind::idle, std::chrono::milliseconds(7));
  EXPECT_EQ(idle.kind, ErrorKind::upstream_timeout);
  EXPECT_EQ(idle.http_status, 504);
  EXPECT_EQ(idle.message, "upstream 'p': idle timeout (7 ms)");
  EXPECT_EQ(to_string(TimeoutKind::total), "total");
}

TEST(UpstreamErrorsTest, ProtocolAndCancelledErrors) {
  const Error protocol = protocol_error("p", "response exceeded 10 bytes");
  EXPECT_EQ(protocol.kind, ErrorKind::upstream_protocol);
  EXPECT_EQ(protocol.http_status, 502);
  EXPECT_EQ(protocol.message, "upstream 'p': response exceeded 10 bytes");

  const Error cancelled = cancelled_error("p");
  EXPECT_FALSE(cancelled.retryable);
  EXPECT_EQ(cancelled.code, "request_cancelled");
  EXPECT_EQ(cancelled.message, "upstream 'p': request cancelled");
}

TEST(UpstreamErrorsTest, PeerDisconnectCoversClosesAndResetsOnly) {
  namespace http = boost::beast::http;
  EXPECT_TRUE(is_peer_disconnect(asio::error::eof));
  EXPECT_TRUE(is_peer_disconnect(asio::error::connection_reset));
  EXPECT_TRUE(is_peer_disconnect(asio::error::broken_pipe));
  EXPECT_TRUE(is_peer_disconnect(http::error::end_of_stream));
  EXPECT_TRUE(is_peer_disconnect(asio::ssl::error::stream_truncated));
  EXPECT_FALSE(is_peer_disconnect(boost::beast::error::timeout));
  EXPECT_FALSE(is_peer_disconnect(asio::error::operation_aborted));
  EXPECT_FALSE(is_peer_disconnect(http::error::bad_version));
  EXPECT_FALSE(is_peer_disconnect({}));
}

}  // namespace
}  // namespace llmgw::upstream
