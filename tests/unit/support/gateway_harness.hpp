#pragma once
// The real request path in-process, over real loopback sockets: a WorkerPool (one worker)
// serving a pipeline built from a chain the test chooses, in front of a fake OpenAI-wire
// upstream on its own thread, and a blocking HTTP client. For tests of stages against the
// server, the proxy and the writer together, which the Node suites cannot reach (they run
// the shipped binary and its shipped chain).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "app/builtin_components.hpp"
#include "app/gateway_worker.hpp"
#include "llmgw/config/config_store.hpp"
#include "llmgw/observability/access_log.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "server/worker_pool.hpp"
#include "support/config_builders.hpp"
#include "support/loopback_test_support.hpp"

namespace llmgw::testing {

/// What the fake upstream streams: two content deltas, a finish, usage, [DONE].
inline const std::vector<std::string>& fake_stream_events() {
  static const std::vector<std::string> events{
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"up-m\",\"choices\":"
      "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}}]}\n\n",
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"up-m\",\"choices\":"
      "[{\"index\":0,\"delta\":{\"content\":\" world\"}}]}\n\n",
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"up-m\",\"choices\":"
      "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"up-m\",\"choices\":[],"
      "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n",
      "data: [DONE]\n\n"};
  return events;
}

inline constexpr std::string_view kFakeCompletion =
    R"({"id":"c2","object":"chat.completion","model":"up-m","choices":[{"index":0,"message":{"role":"assistant","content":"Hello world"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})";

/// An OpenAI-wire upstream: a chunked SSE stream when the body asks for one, else a JSON
/// completion. Counts the requests it served.
class FakeOpenAiUpstream {
 public:
  FakeOpenAiUpstream() {
    spawn(ioc_, accept_loop());
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~FakeOpenAiUpstream() {
    ioc_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int requests() const { return requests_.load(); }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kNoThrow);
      if (ec) co_return;
      spawn(ioc_, serve(std::move(socket)));
    }
  }
  asio::awaitable<void> serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      std::optional<Request> request = co_await read_request(socket, buffer);
      if (!request) co_return;
      ++requests_;
      if (request->body().find("\"stream\":true") != std::string::npos) {
        std::string response =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            "Transfer-Encoding: chunked\r\n\r\n";
        for (const auto& event : fake_stream_events()) response += http_chunk(event);
        response += http_chunk("");
        if (!co_await write_raw(socket, response)) co_return;
      } else {
        if (!co_await write_raw(
                socket, http_response(kFakeCompletion, "Content-Type: application/json\r\n"))) {
          co_return;
        }
      }
    }
  }

  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;  ///< De-chunked.
  http::response<http::string_body> message;
};

/// One request on a new connection; returns once the whole response arrived (it does not
/// wait for the server to close).
inline HttpReply http_request(std::uint16_t port, http::verb method, std::string_view target,
                              std::string body = {}, const Headers& headers = {}) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  HttpReply reply;
  http::read(socket, buffer, reply.message);
  reply.status = static_cast<int>(reply.message.result_int());
  reply.content_type = std::string(reply.message[http::field::content_type]);
  reply.body = reply.message.body();
  return reply;
}

/// The gateway: one worker, a config with the fake upstream as provider "fake" (model "m",
/// upstream "up-m") and key "sk-test", and the chain `make_chain` returns.
class GatewayHarness {
 public:
  using ChainFactory = std::function<pipeline::Chain()>;

  GatewayHarness(std::uint16_t upstream_port, ChainFactory make_chain)
      : store_(make_snapshot(upstream_port)),
        metrics_(observability::make_prometheus_metrics("test")),
        access_log_(observability::make_access_log(quiet_logging())),
        log_(quiet_logging()),
        shared_{store_, builtin_.dialects, *metrics_, *access_log_, log_} {
    pool_ = std::make_unique<server::WorkerPool>(
        shared_, 1, std::chrono::microseconds(0), [&](boost::asio::io_context& ioc) {
          // The chains built here route with the test chain's state; the proxy gets its own.
          return std::make_unique<app::GatewayWorker>(
              std::make_unique<routing::WorkerRouting>(1, *metrics_, log_),
              upstream::make_upstream_client(ioc), nullptr, make_chain(), *metrics_,
              builtin_.providers);
        });
    port_ = pool_->listen_api({"127.0.0.1", 0}, nullptr).port;
    pool_->start();
  }
  ~GatewayHarness() {
    if (pool_) pool_->drain(std::chrono::milliseconds(2000));
  }

  std::uint16_t port() const noexcept { return port_; }
  /// SIGTERM's drain, on the calling thread; returns how long it took.
  std::chrono::milliseconds drain(std::chrono::milliseconds deadline) {
    auto start = std::chrono::steady_clock::now();
    pool_->drain(deadline);
    pool_.reset();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  }

  HttpReply chat(std::string_view target, std::string body, Headers headers = {}) {
    headers.emplace_back("Authorization", "Bearer sk-test");
    return http_request(port_, http::verb::post, target, std::move(body), headers);
  }

 private:
  static config::LoggingConfig quiet_logging() {
    config::LoggingConfig logging;
    logging.level = "off";
    logging.access_log = false;
    return logging;
  }
  static std::shared_ptr<const config::Snapshot> make_snapshot(std::uint16_t upstream_port) {
    auto cfg = std::make_shared<config::Config>();
    config::ProviderConfig fake = provider("fake");
    fake.base_url = "http://127.0.0.1:" + std::to_string(upstream_port) + "/v1";
    fake.origin = {false, "127.0.0.1", upstream_port, "/v1"};
    cfg->providers.push_back(fake);
    cfg->models.push_back(model("m", {0}, *cfg));
    cfg->keys.push_back(key("test", "sk-test"));
    cfg->server.timeouts.drain = std::chrono::milliseconds(2000);
    return std::make_shared<const config::Snapshot>(cfg);
  }

  app::BuiltinComponents builtin_;
  config::ConfigStore store_;
  std::unique_ptr<observability::Metrics> metrics_;
  std::unique_ptr<observability::AccessLog> access_log_;
  observability::AppLog log_;
  server::SharedServices shared_;
  std::unique_ptr<server::WorkerPool> pool_;
  std::uint16_t port_ = 0;
};

}  // namespace llmgw::testing
