#pragma once
// Shared set-up for the upstream client tests: a provider pointing at a loopback server with
// short, test-friendly timeouts, and a typical chat request.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/upstream/upstream_client.hpp"
#include "support/loopback_test_support.hpp"

namespace llmgw::testing {

inline constexpr const char* kTestApiKey = "sk-test-secret-value";

inline config::ProviderConfig loopback_provider(std::uint16_t port, bool tls = false,
                                                std::string host = "127.0.0.1") {
  config::ProviderConfig provider;
  provider.name = "loopback";
  provider.origin.tls = tls;
  provider.origin.host = std::move(host);
  provider.origin.port = port;
  provider.base_url =
      (tls ? "https://" : "http://") + provider.origin.host + ":" + std::to_string(port);
  provider.api_key = kTestApiKey;
  provider.timeouts.connect = std::chrono::milliseconds(1'000);
  provider.timeouts.first_byte = std::chrono::milliseconds(1'000);
  provider.timeouts.idle = std::chrono::milliseconds(1'000);
  provider.timeouts.total = std::chrono::milliseconds(3'000);
  provider.max_idle_connections = 4;
  return provider;
}

inline upstream::UpstreamRequest chat_request(std::string body = R"({"model":"m"})") {
  upstream::UpstreamRequest request;
  request.target = "/v1/chat/completions";
  request.headers = {{"Authorization", std::string("Bearer ") + kTestApiKey},
                     {"Content-Type", "application/json"}};
  request.body = std::move(body);
  return request;
}

/// What a ScriptedServer does with one request: write `bytes` (possibly nothing), then
/// keep the connection for the next request or close it.
struct ServerReply {
  std::string bytes;
  bool close = false;
};

/// A keep-alive HTTP server on loopback whose answers come from a script called with the
/// request, the connection's index and the request's index on that connection.
class ScriptedServer {
 public:
  using Script = std::function<ServerReply(const Request&, std::size_t connection,
                                           std::size_t request_on_connection)>;

  ScriptedServer(asio::io_context& ioc, Script script)
      : ioc_(ioc), listener_(ioc), script_(std::move(script)), first_close_(ioc) {
    spawn(ioc_, [this]() -> asio::awaitable<void> {
      for (std::size_t index = 0;; ++index) {
        tcp::socket socket = co_await listener_.accept();
        asio::co_spawn(ioc_, serve(std::move(socket), index), fail_on_exception);
      }
    });
  }

  std::uint16_t port() const { return listener_.port(); }
  std::size_t connections() const noexcept { return listener_.accepted(); }
  const std::vector<Request>& requests() const noexcept { return requests_; }
  /// Notified the first time the server closes a connection itself.
  Event& first_close() noexcept { return first_close_; }

 private:
  asio::awaitable<void> serve(tcp::socket socket, std::size_t connection) {
    boost::beast::flat_buffer buffer;
    for (std::size_t n = 0;; ++n) {
      std::optional<Request> request = co_await read_request(socket, buffer);
      if (!request) co_return;
      requests_.push_back(*request);
      ServerReply reply = script_(*request, connection, n);
      if (!reply.bytes.empty()) co_await write_raw(socket, reply.bytes);
      if (reply.close) {
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
        first_close_.notify();
        co_return;
      }
    }
  }

  asio::io_context& ioc_;
  LoopbackListener listener_;
  Script script_;
  Event first_close_;
  std::vector<Request> requests_;
};

}  // namespace llmgw::testing
