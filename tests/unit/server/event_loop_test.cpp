#include "server/event_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

namespace llmgw::server {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class EventLoopTest : public ::testing::TestWithParam<std::chrono::microseconds> {};

TEST_P(EventLoopTest, RunsHandlersAndTimersThenReturnsWhenOutOfWork) {
  asio::io_context ioc{1};
  int posted = 0;
  bool fired = false;
  const auto start = std::chrono::steady_clock::now();  // Before the timer's expiry is set.
  asio::steady_timer timer(ioc, 30ms);
  timer.async_wait([&](boost::system::error_code ec) { fired = !ec; });
  asio::post(ioc, [&] { ++posted; });
  asio::post(ioc, [&] { asio::post(ioc, [&] { ++posted; }); });
  run_event_loop(ioc, GetParam());
  EXPECT_EQ(posted, 2);
  EXPECT_TRUE(fired);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
}

TEST_P(EventLoopTest, StopFromAnotherThreadEndsAnIdleLoop) {
  asio::io_context ioc{1};
  auto guard = asio::make_work_guard(ioc);  // Never out of work: only stop() ends it.
  std::atomic<bool> handled{false};
  std::thread loop([&] { run_event_loop(ioc, GetParam()); });
  std::this_thread::sleep_for(20ms);  // Past the polling window: the loop sleeps now.
  asio::post(ioc, [&] { handled = true; });
  for (int i = 0; i < 200 && !handled; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(handled) << "a sleeping loop must wake for posted work";
  ioc.stop();
  loop.join();  // Hangs (and the test times out) if stop() is not seen.
  SUCCEED();
}

INSTANTIATE_TEST_SUITE_P(PollingWindows, EventLoopTest, ::testing::Values(0us, 50us, 5000us),
                         [](const auto& info) {
                           return std::to_string(info.param.count()) + "us";
                         });

}  // namespace
}  // namespace llmgw::server
