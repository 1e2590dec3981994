#pragma once
// Feeds a Beast parser what is already in its read buffer, without an asynchronous read that
// would complete at once (a completion post and an event-loop pass). Used for a client
// request's body that came in with its header and for upstream body bytes that came with the
// response header or an earlier read.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

namespace llmgw::io {

/// Puts buffered bytes into `parser` until it is done, needs more bytes, or its body wants
/// room (need_buffer: a piece is ready). Those are not errors: the caller reads more or takes
/// the piece. Consumed bytes stay in memory until the next read into `buffer`.
template <class Parser>
boost::system::error_code parse_buffered(Parser& parser, boost::beast::flat_buffer& buffer) {
  namespace http = boost::beast::http;
  while (!parser.is_done() && buffer.size() > 0) {
    boost::system::error_code ec;
    const std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == http::error::need_more || ec == http::error::need_buffer) return {};
    if (ec) return ec;
    if (used == 0) return {};
  }
  return {};
}

}  // namespace llmgw::io
