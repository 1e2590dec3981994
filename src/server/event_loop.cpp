#include "server/event_loop.hpp"

namespace llmgw::server {

void run_event_loop(boost::asio::io_context& ioc, std::chrono::microseconds busy_poll) {
  if (busy_poll.count() <= 0) {
    ioc.run();
    return;
  }
  using Clock = std::chrono::steady_clock;
  Clock::time_point last_work = Clock::now();
  while (!ioc.stopped()) {
    if (ioc.poll() > 0) {
      last_work = Clock::now();
      continue;
    }
    if (Clock::now() - last_work < busy_poll) continue;
    // Nothing for a whole window: sleep until the next handler (run_one returns 0 only when
    // the io_context stopped or ran out of work, which the loop condition then sees).
    if (ioc.run_one() == 0) break;
    last_work = Clock::now();
  }
}

}  // namespace llmgw::server
