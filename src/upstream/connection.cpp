#include "upstream/connection.hpp"

#include <sys/socket.h>

#include <boost/beast/core/stream_traits.hpp>
#include <cerrno>

namespace llmgw::upstream {

Connection::Connection(const boost::asio::any_io_executor& executor)
    : stream_(std::in_place_index<0>, executor) {}

Connection::Connection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context& tls)
    : stream_(std::in_place_index<1>, executor, tls) {}

Connection::PlainStream& Connection::tcp() noexcept {
  return with_stream(
      [](auto& stream) -> PlainStream& { return boost::beast::get_lowest_layer(stream); });
}

bool Connection::is_open() const noexcept {
  return std::visit(
      [](const auto& stream) { return boost::beast::get_lowest_layer(stream).socket().is_open(); },
      stream_);
}

bool Connection::idle_and_quiet() noexcept {
  if (!is_open() || read_buffer_.size() != 0) return false;
  char byte;
  const ssize_t n =
      ::recv(tcp().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT | MSG_NOSIGNAL);
  // 0: orderly close; >0: unsolicited bytes, so the next response would be misread;
  // -1 other than EAGAIN: reset or another socket error.
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void Connection::close() noexcept {
  boost::system::error_code ignored;
  auto& socket = tcp().socket();
  if (!socket.is_open()) return;
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  // tcp_stream::close also cancels its deadline timer.
  tcp().close();
}

}  // namespace llmgw::upstream
