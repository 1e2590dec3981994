#pragma once
// Accepting connections on one worker. Every worker has its own acceptor on the same
// address (SO_REUSEPORT), so the kernel spreads connections and no lock is shared.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "llmgw/config/config.hpp"
#include "server/worker_context.hpp"

namespace llmgw::server {

/// Opens, binds (SO_REUSEADDR + SO_REUSEPORT) and listens.
/// @throws std::runtime_error naming the address on failure (start-up only).
boost::asio::ip::tcp::acceptor open_acceptor(boost::asio::io_context& ioc,
                                             const config::ListenAddress& address, bool reuse_port);

/// The actually bound address (the port matters when 0 was asked for).
config::ListenAddress bound_address(const boost::asio::ip::tcp::acceptor& acceptor);

/// Accepts until the acceptor is closed; each connection runs as its own coroutine on
/// this worker. `tls` may be null (plain HTTP).
boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor,
                                         WorkerContext& worker, ListenerRole role,
                                         boost::asio::ssl::context* tls);

}  // namespace llmgw::server
