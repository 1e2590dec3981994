// Revocations through pub/sub: every instance hears a revoked key well within 1 s, on its
// subscriber's executor, and is told to reload after any gap in its subscription.

#include "store/redis/redis_revocations.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <mutex>
#include <thread>

#include "support/redis_server.hpp"

namespace llmgw::store::redis {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using llmgw::testing::drive;
using llmgw::testing::drive_until;
using llmgw::testing::RedisServer;
using Clock = std::chrono::steady_clock;

/// A subscriber running on its own thread, as another instance would.
struct Listener {
  explicit Listener(std::uint16_t port) : guard(asio::make_work_guard(ioc)) {
    RedisOptions options;
    options.port = port;
    options.backoff_initial = 20ms;
    options.backoff_max = 100ms;
    RevocationSubscriber::Callbacks callbacks;
    callbacks.on_revoked = [this](std::string_view key_id) {
      EXPECT_EQ(std::this_thread::get_id(), runner);  // The subscriber's executor.
      const std::lock_guard lock(mutex);
      heard.emplace_back(key_id);
      heard_at = Clock::now();
    };
    callbacks.on_resubscribed = [this] { resubscribed.fetch_add(1); };
    subscriber.emplace(ioc.get_executor(), options, revocation_channel("{llmgw}"), callbacks);
    subscriber->start();
    thread = std::thread([this] {
      runner = std::this_thread::get_id();
      ioc.run();
    });
  }
  ~Listener() {
    asio::post(ioc, [this] {
      subscriber->stop();
      guard.reset();
    });
    thread.join();
  }
  std::vector<std::string> keys() {
    const std::lock_guard lock(mutex);
    return heard;
  }

  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> guard;
  std::optional<RevocationSubscriber> subscriber;
  std::thread thread;
  std::thread::id runner;
  std::mutex mutex;
  std::vector<std::string> heard;
  Clock::time_point heard_at{};
  std::atomic<int> resubscribed{0};
};

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const Clock::time_point deadline = Clock::now() + limit;
  while (!condition() && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  return condition();
}

class RedisRevocationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::installed()) {
      GTEST_SKIP() << "redis-server is not installed (scripts/install-deps.sh test installs it)";
    }
    ASSERT_TRUE(server_.start());
    RedisOptions options;
    options.port = server_.port();
    options.timeout = 500ms;
    publisher_ = RedisConnection::create(ioc_.get_executor(), options);
    publisher_->start();
    ASSERT_TRUE(drive_until(ioc_, [&] { return publisher_->ready(); }));
  }
  void TearDown() override {
    if (publisher_) publisher_->stop();
  }
  bool publish(std::string_view key_id) {
    const std::string channel = revocation_channel("{llmgw}");
    return drive(ioc_, publish_revocation(*publisher_, channel, key_id));
  }

  RedisServer server_;
  asio::io_context ioc_;
  std::shared_ptr<RedisConnection> publisher_;
};

TEST_F(RedisRevocationsTest, EveryInstanceHearsARevocationWithinOneSecond) {
  Listener first(server_.port());
  Listener second(server_.port());
  ASSERT_TRUE(eventually([&] { return first.resubscribed == 1 && second.resubscribed == 1; }, 5s));
  const Clock::time_point sent = Clock::now();
  ASSERT_TRUE(publish("key-123"));
  ASSERT_TRUE(eventually([&] { return !first.keys().empty() && !second.keys().empty(); }, 1s));
  EXPECT_EQ(first.keys(), std::vector<std::string>{"key-123"});
  EXPECT_EQ(second.keys(), std::vector<std::string>{"key-123"});
  const std::lock_guard a(first.mutex);
  const std::lock_guard b(second.mutex);
  EXPECT_LT(first.heard_at - sent, 1s);
  EXPECT_LT(second.heard_at - sent, 1s);
}

TEST_F(RedisRevocationsTest, ADroppedSubscriptionComesBackAndAsksForAReload) {
  Listener listener(server_.port());
  ASSERT_TRUE(eventually([&] { return listener.resubscribed == 1; }, 5s));
  EXPECT_EQ(server_.command({"CLIENT", "KILL", "TYPE", "pubsub"}), "1");
  ASSERT_TRUE(eventually([&] { return listener.resubscribed == 2; }, 2s));
  ASSERT_TRUE(publish("key-after-gap"));
  ASSERT_TRUE(eventually([&] { return !listener.keys().empty(); }, 1s));
  EXPECT_EQ(listener.keys(), std::vector<std::string>{"key-after-gap"});
}

TEST_F(RedisRevocationsTest, OtherChannelsAndOrderAreRespected) {
  Listener listener(server_.port());
  ASSERT_TRUE(eventually([&] { return listener.resubscribed == 1; }, 5s));
  const std::array<std::string_view, 3> other{"PUBLISH", "{llmgw}:something-else", "nope"};
  const std::span<const std::string_view> args(other);
  ASSERT_TRUE(drive(ioc_, publisher_->call(args)).success());
  for (const char* key : {"a", "b", "c"}) ASSERT_TRUE(publish(key));
  ASSERT_TRUE(eventually([&] { return listener.keys().size() == 3; }, 1s));
  EXPECT_EQ(listener.keys(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(RedisRevocationsTest, PublishingWhileRedisIsDownFailsFast) {
  server_.kill();
  ASSERT_TRUE(drive_until(ioc_, [&] { return !publisher_->ready(); }));
  const Clock::time_point start = Clock::now();
  EXPECT_FALSE(publish("k"));
  EXPECT_LT(Clock::now() - start, 50ms);
}

}  // namespace
}  // namespace llmgw::store::redis
