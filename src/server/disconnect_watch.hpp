#pragma once
// Notices a client closing its connection while the gateway waits on the upstream, so the
// upstream request is cancelled at once instead of at the next write.

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "llmgw/core/cancel_signal.hpp"

namespace llmgw::server {

struct DisconnectWatch {
  bool active = true;
  CancelSignal* signal = nullptr;
};

/// Waits for the socket to become readable. A peer close (recv peek of 0 bytes, or an
/// error) emits watch->signal. Pipelined bytes end the watch quietly (a later write
/// reports the close). The watch must be deactivated before the signal's owner dies.
void start_disconnect_watch(boost::asio::ip::tcp::socket& socket,
                            std::shared_ptr<DisconnectWatch> watch);

}  // namespace llmgw::server
