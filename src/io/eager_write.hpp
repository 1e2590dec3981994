#pragma once
// Writes that usually finish without a trip through the event loop. A response, an SSE
// event or an upstream request almost always fits in the socket's send buffer, so one
// non-blocking sendmsg(2) does the whole job. An asynchronous write would cost a completion
// post, a poll of the reactor and a deadline timer armed and cancelled on top of the same
// sendmsg. Only what the kernel does not take is written asynchronously, under a deadline.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstddef>
#include <span>

namespace llmgw::io {

struct WriteResult {
  boost::system::error_code error;
  std::size_t bytes = 0;  ///< Written before `error` (all of them on success).
};

using ConstBuffers = std::span<const boost::asio::const_buffer>;

/// Writes all of `buffers`. Plain TCP: one non-blocking gather write first; the rest, if any,
/// is copied and written asynchronously within `timeout`. The buffers need to stay valid only
/// until the first suspension, so callers may format into per-thread scratch space.
/// Puts the socket in non-blocking mode (once). Never use it concurrently on one stream.
boost::asio::awaitable<WriteResult> eager_write(boost::beast::tcp_stream& stream,
                                                const ConstBuffers& buffers,
                                                std::chrono::steady_clock::duration timeout);

/// TLS: always asynchronous (the record layer needs the event loop), with the same copy, so
/// the same buffer rule holds.
boost::asio::awaitable<WriteResult> eager_write(
    boost::beast::ssl_stream<boost::beast::tcp_stream>& stream, const ConstBuffers& buffers,
    std::chrono::steady_clock::duration timeout);

/// Total size of `buffers`.
std::size_t buffers_size(const ConstBuffers& buffers) noexcept;

}  // namespace llmgw::io
