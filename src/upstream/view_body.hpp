#pragma once
// A Beast body type that copies nothing: the parser hands over one piece of the de-chunked
// body as a view into the connection's read buffer, then asks for room (need_buffer) until
// the piece is taken. The bytes stay put until the next read on that buffer, which is what
// UpstreamExchange::read_some promises its caller ("valid until the next call"). Compared with
// Beast's buffer_body it saves a copy of every body byte and a fixed-size piece buffer per
// open stream.

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstdint>
#include <string_view>

namespace llmgw::upstream {

struct ViewBody {
  /// The piece the parser produced last; empty once taken.
  struct value_type {
    std::string_view piece;
  };

  class reader {
   public:
    template <bool IsRequest, class Fields>
    reader(boost::beast::http::header<IsRequest, Fields>& /*header*/, value_type& body)
        : body_(body) {}

    void init(const boost::optional<std::uint64_t>& /*length*/, boost::system::error_code& ec) {
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
      if (!body_.piece.empty()) {
        ec = boost::beast::http::error::need_buffer;
        return 0;
      }
      ec = {};
      // The parser passes one contiguous range of the read buffer (a flat_buffer).
      const auto first = boost::asio::buffer_sequence_begin(buffers);
      if (first == boost::asio::buffer_sequence_end(buffers)) return 0;
      const boost::asio::const_buffer buffer = *first;
      body_.piece = {static_cast<const char*>(buffer.data()), buffer.size()};
      return buffer.size();
    }

    void finish(boost::system::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace llmgw::upstream
