#include "server/disconnect_watch.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace llmgw::server {

void start_disconnect_watch(boost::asio::ip::tcp::socket& socket,
                            std::shared_ptr<DisconnectWatch> watch) {
  socket.async_wait(boost::asio::ip::tcp::socket::wait_read,
                    [&socket, watch](boost::system::error_code ec) {
                      // An aborted wait means the socket was closed, so it may be gone:
                      // touch nothing. An inactive watch is a finished request's wait that
                      // was left pending on purpose (see HttpSession::stop_watching).
                      if (ec || !watch->active) return;
                      char byte = 0;
                      ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
                      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                        start_disconnect_watch(socket, watch);
                        return;
                      }
                      if (n > 0) return;
                      watch->active = false;
                      if (watch->signal != nullptr) watch->signal->emit();
                    });
}

}  // namespace llmgw::server
