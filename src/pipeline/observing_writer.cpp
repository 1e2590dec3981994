#include "pipeline/observing_writer.hpp"

namespace llmgw::pipeline {

boost::asio::awaitable<bool> ObservingWriter::send(int status, std::string_view content_type,
                                                   std::string body, const Headers& headers,
                                                   std::string_view formatted) {
  chain_.head(ctx_, ran_, status, headers);
  chain_.bytes(ctx_, ran_, body);
  co_return co_await inner_.send(status, content_type, std::move(body), headers, formatted);
}

boost::asio::awaitable<bool> ObservingWriter::begin_stream(int status, const Headers& headers,
                                                           std::string_view formatted) {
  chain_.head(ctx_, ran_, status, headers);
  co_return co_await inner_.begin_stream(status, headers, formatted);
}

boost::asio::awaitable<bool> ObservingWriter::send_chunk(std::string_view bytes) {
  if (!bytes.empty()) chain_.bytes(ctx_, ran_, bytes);
  co_return co_await inner_.send_chunk(bytes);
}

boost::asio::awaitable<bool> ObservingWriter::end_stream() {
  co_return co_await inner_.end_stream();
}

}  // namespace llmgw::pipeline
