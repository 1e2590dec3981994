#include "server/listener.hpp"

#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "server/http_session.hpp"

namespace llmgw::server {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

// When the process runs out of descriptors, accept() fails at once; back off briefly
// instead of spinning on the event loop.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(50);

template <class Session>
net::awaitable<void> run_session(std::unique_ptr<Session> session) {
  co_await session->run();
}

void spawn_session(WorkerContext& worker, ListenerRole role, tcp::socket socket,
                   net::ssl::context* tls) {
  boost::beast::tcp_stream stream(std::move(socket));
  auto on_exit = [&worker](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      worker.shared.log.error("connection failed", {{"error", e.what()}});
    }
  };
  if (tls != nullptr) {
    auto session = std::make_unique<TlsSession>(
        boost::beast::ssl_stream<boost::beast::tcp_stream>(std::move(stream), *tls), worker, role);
    net::co_spawn(worker.ioc, run_session(std::move(session)), on_exit);
  } else {
    auto session = std::make_unique<PlainSession>(std::move(stream), worker, role);
    net::co_spawn(worker.ioc, run_session(std::move(session)), on_exit);
  }
}

}  // namespace

tcp::acceptor open_acceptor(net::io_context& ioc, const config::ListenAddress& address,
                            bool reuse_port) {
  boost::system::error_code ec;
  auto ip = net::ip::make_address(address.host, ec);
  if (ec) throw std::runtime_error("cannot listen on '" + address.host + "': not an IP address");
  tcp::endpoint endpoint(ip, address.port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec && reuse_port) {
    int one = 1;
    if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
      ec.assign(errno, boost::system::system_category());
    }
  }
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + address.host + ":" +
                             std::to_string(address.port) + ": " + ec.message());
  }
  return acceptor;
}

config::ListenAddress bound_address(const tcp::acceptor& acceptor) {
  tcp::endpoint endpoint = acceptor.local_endpoint();
  return {endpoint.address().to_string(), endpoint.port()};
}

net::awaitable<void> accept_loop(tcp::acceptor& acceptor, WorkerContext& worker, ListenerRole role,
                                 net::ssl::context* tls) {
  net::steady_timer backoff(worker.ioc);
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (!acceptor.is_open() || ec == net::error::operation_aborted) co_return;
    if (ec) {
      worker.shared.log.warn("accept failed", {{"error", ec.message()}});
      backoff.expires_after(kAcceptBackoff);
      co_await backoff.async_wait(kTuple);
      continue;
    }
    const auto& limits = worker.shared.config.current()->config().server.limits;
    if (worker.shared.connections.load(std::memory_order_relaxed) >= limits.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    spawn_session(worker, role, std::move(socket), tls);
  }
}

}  // namespace llmgw::server
