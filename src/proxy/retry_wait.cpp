#include "proxy/retry_wait.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace llmgw::proxy {

boost::asio::awaitable<bool> wait_before_retry(CancelSignal& cancel,
                                               std::chrono::milliseconds delay) {
  auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer timer(executor, delay);
  // No upstream exchange is open during the wait, so the signal's one handler is free.
  cancel.set_handler([&timer] { timer.cancel(); });
  auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  cancel.clear_handler();
  (void)ec;  // Cancelled or expired: the signal says which.
  co_return !cancel.emitted();
}

}  // namespace llmgw::proxy
