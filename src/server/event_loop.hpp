#pragma once
// Runs one worker's io_context, optionally polling for a while before going to sleep.

#include <boost/asio/io_context.hpp>
#include <chrono>

namespace llmgw::server {

/// Runs `ioc` until it is stopped or runs out of work. With `busy_poll` > 0 the thread
/// keeps polling (non-blocking epoll_wait) for that long after the last handler ran before it
/// blocks: an event that arrives within the window is handled without a wake-up, which on a
/// virtual machine can take longer than the proxying itself. The price is CPU spent polling
/// after each burst of work, at most `busy_poll` per burst.
void run_event_loop(boost::asio::io_context& ioc, std::chrono::microseconds busy_poll);

}  // namespace llmgw::server
