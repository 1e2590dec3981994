#include "io/eager_write.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <string>

namespace llmgw::io {
namespace {

namespace asio = boost::asio;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// The part of `buffers` after the first `skip` bytes, in one string the asynchronous write
// owns (the caller's buffers may be scratch space reused while this write is suspended).
std::string copy_tail(const ConstBuffers& buffers, std::size_t skip) {
  std::string tail;
  tail.reserve(buffers_size(buffers) - skip);
  for (const asio::const_buffer& buffer : buffers) {
    const auto* data = static_cast<const char*>(buffer.data());
    std::size_t size = buffer.size();
    const std::size_t skipped = std::min(skip, size);
    skip -= skipped;
    tail.append(data + skipped, size - skipped);
  }
  return tail;
}

template <class Stream>
asio::awaitable<WriteResult> write_tail(Stream& stream, const std::string& tail,
                                        std::size_t already,
                                        std::chrono::steady_clock::duration timeout) {
  auto& tcp = boost::beast::get_lowest_layer(stream);
  tcp.expires_after(timeout);
  auto [ec, n] = co_await asio::async_write(stream, asio::buffer(tail), kNoThrow);
  tcp.expires_never();
  co_return WriteResult{ec, already + n};
}

}  // namespace

std::size_t buffers_size(const ConstBuffers& buffers) noexcept {
  std::size_t total = 0;
  for (const asio::const_buffer& buffer : buffers) total += buffer.size();
  return total;
}

asio::awaitable<WriteResult> eager_write(boost::beast::tcp_stream& stream,
                                         const ConstBuffers& buffers,
                                         std::chrono::steady_clock::duration timeout) {
  const std::size_t total = buffers_size(buffers);
  if (total == 0) co_return WriteResult{};
  auto& socket = stream.socket();
  boost::system::error_code ec;
  if (!socket.non_blocking()) {
    socket.non_blocking(true, ec);
    if (ec) co_return WriteResult{ec, 0};
  }
  std::size_t written = socket.write_some(buffers, ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    ec = {};
    written = 0;
  }
  if (ec) co_return WriteResult{ec, 0};
  if (written == total) co_return WriteResult{{}, written};
  const std::string tail = copy_tail(buffers, written);
  co_return co_await write_tail(stream, tail, written, timeout);
}

asio::awaitable<WriteResult> eager_write(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream,
                                         const ConstBuffers& buffers,
                                         std::chrono::steady_clock::duration timeout) {
  if (buffers_size(buffers) == 0) co_return WriteResult{};
  const std::string copy = copy_tail(buffers, 0);
  co_return co_await write_tail(stream, copy, 0, timeout);
}

}  // namespace llmgw::io
