#pragma once
// One client connection: reads requests with limits and timeouts, hands each to the
// request handler, and writes responses (whole or streamed) back. Plain TCP and TLS share
// this code through the Stream parameter; both instantiations live in http_session.cpp.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>

#include "io/eager_write.hpp"
#include "llmgw/server/response_writer.hpp"
#include "server/session_registry.hpp"
#include "server/worker_context.hpp"

namespace llmgw::server {

struct DisconnectWatch;

template <class Stream>
class HttpSession final : public ResponseWriter, public Drainable {
 public:
  HttpSession(Stream stream, WorkerContext& worker, ListenerRole role);
  ~HttpSession() override;
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  /// Serves requests until the client leaves, an error occurs, or shutdown.
  boost::asio::awaitable<void> run();

  // ResponseWriter
  boost::asio::awaitable<bool> send(int status, std::string_view content_type, std::string body,
                                    const Headers& headers,
                                    std::string_view formatted = {}) override;
  boost::asio::awaitable<bool> begin_stream(int status, const Headers& headers,
                                            std::string_view formatted = {}) override;
  boost::asio::awaitable<bool> send_chunk(std::string_view bytes) override;
  boost::asio::awaitable<bool> end_stream() override;
  bool started() const noexcept override { return started_; }
  std::uint64_t bytes_written() const noexcept override { return bytes_written_; }
  std::optional<TimePoint> first_byte_time() const noexcept override { return first_byte_; }
  void watch_disconnect(CancelSignal& signal) override;
  void stop_watching() noexcept override;

  // Drainable
  void begin_drain() noexcept override;
  void abort() noexcept override;

 private:
  boost::asio::awaitable<void> serve();
  boost::asio::awaitable<bool> write_status_only(int status, std::string_view message);
  boost::asio::awaitable<void> close();
  boost::asio::awaitable<bool> write_out(const io::ConstBuffers& buffers);
  void release_stream_head() noexcept;
  void begin_response() noexcept;
  void note_written(std::size_t bytes) noexcept;
  boost::beast::tcp_stream& tcp() noexcept;

  Stream stream_;
  WorkerContext& worker_;
  ListenerRole role_;
  boost::beast::flat_buffer buffer_;
  SessionRegistry::Handle registry_handle_;
  std::shared_ptr<const config::Snapshot> snapshot_;  ///< Limits/timeouts for the current request.
  bool idle_ = true;
  bool keep_alive_ = true;
  bool started_ = false;
  std::uint64_t bytes_written_ = 0;
  std::optional<TimePoint> first_byte_;
  std::shared_ptr<DisconnectWatch> watch_;
  std::string stream_head_;  ///< A stream's head until its first write.
};

using PlainSession = HttpSession<boost::beast::tcp_stream>;
using TlsSession = HttpSession<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

}  // namespace llmgw::server
