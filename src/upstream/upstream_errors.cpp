#include "upstream/upstream_errors.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <string>

namespace llmgw::upstream {
namespace {

std::string prefix(std::string_view provider) {
  std::string message = "upstream '";
  message.append(provider);
  message.append("': ");
  return message;
}

}  // namespace

std::string_view to_string(TimeoutKind kind) noexcept {
  switch (kind) {
    case TimeoutKind::connect: return "connect";
    case TimeoutKind::first_byte: return "first byte";
    case TimeoutKind::idle: return "idle";
    case TimeoutKind::total: return "total";
  }
  return "total";
}

Error connect_error(std::string_view provider, std::string_view what) {
  std::string message = prefix(provider);
  message.append(what);
  return Error::upstream_connect(std::move(message));
}

Error connect_error(std::string_view provider, std::string_view what,
                    const boost::system::error_code& ec) {
  std::string message = prefix(provider);
  message.append(what);
  message.append(": ");
  message.append(ec.message());
  return Error::upstream_connect(std::move(message));
}

Error timeout_error(std::string_view provider, TimeoutKind kind, std::chrono::milliseconds limit) {
  std::string message = prefix(provider);
  message.append(to_string(kind));
  message.append(" timeout (");
  message.append(std::to_string(limit.count()));
  message.append(" ms)");
  return Error::upstream_timeout(std::move(message));
}

Error protocol_error(std::string_view provider, std::string_view what) {
  std::string message = prefix(provider);
  message.append(what);
  return Error::upstream_protocol(std::move(message));
}

Error cancelled_error(std::string_view provider) {
  std::string message = prefix(provider);
  message.append("request cancelled");
  Error error = Error::unavailable(std::move(message));
  error.retryable = false;
  error.code = "request_cancelled";
  return error;
}

bool is_peer_disconnect(const boost::system::error_code& ec) noexcept {
  namespace asio = boost::asio;
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::error::not_connected || ec == boost::beast::http::error::end_of_stream ||
         ec == asio::ssl::error::stream_truncated;
}

}  // namespace llmgw::upstream
