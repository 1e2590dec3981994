// The connection on its own: pipelining and FIFO matching, deadlines, the bound on calls in
// flight, the handshake (AUTH, SELECT), reconnects, stalls, and servers that speak garbage.

#include "store/redis/redis_connection.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
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

asio::awaitable<CallResult> echo(RedisConnection& connection, std::string text) {
  const std::array<std::string_view, 2> command{"ECHO", text};
  const std::span<const std::string_view> args(command);
  co_return co_await connection.call(args);
}

std::string text_of(const CallResult& r) {
  return r.success() ? std::string(r.reply->str, r.reply->len) : std::string(to_string(r.status));
}

/// A TCP server on a free loopback port that runs `script(fd)` for each connection on its
/// own thread, with blocking sockets: it plays a misbehaving Redis.
class FakeServer {
 public:
  explicit FakeServer(std::function<void(int)> script) : script_(std::move(script)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 16);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        const int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0) return;
        accepted_.fetch_add(1);
        script_(fd);
        close(fd);
      }
    });
  }
  ~FakeServer() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  int accepted() const { return accepted_.load(); }

  static std::string read_some(int fd) {
    std::array<char, 4096> buffer;
    const ssize_t n = read(fd, buffer.data(), buffer.size());
    return n > 0 ? std::string(buffer.data(), static_cast<std::size_t>(n)) : std::string();
  }
  static void drain(int fd) {
    while (!read_some(fd).empty()) {
    }
  }
  static void write_all(int fd, std::string_view bytes) {
    (void)!send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);  // The client may be gone.
  }

 private:
  std::function<void(int)> script_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

RedisOptions options_for(std::uint16_t port) {
  RedisOptions options;
  options.port = port;
  options.timeout = 100ms;
  options.connect_timeout = 300ms;
  options.backoff_initial = 20ms;
  options.backoff_max = 100ms;
  options.jitter_seed = 42;
  return options;
}

TEST(RedisBackoff, GrowsDoublingWithJitterInItsUpperHalfAndIsCapped) {
  std::mt19937_64 rng(1);
  for (unsigned attempt = 0; attempt < 30; ++attempt) {
    const std::int64_t full = std::min<std::int64_t>(50LL << std::min(attempt, 20u), 2000);
    const std::int64_t delay = backoff_delay(attempt, 50ms, 2000ms, rng).count();
    EXPECT_GE(delay, full - full / 2) << attempt;
    EXPECT_LE(delay, full) << attempt;
  }
  std::mt19937_64 a(7);
  std::mt19937_64 b(7);
  std::mt19937_64 c(8);
  std::vector<std::int64_t> from_a, from_b, from_c;
  for (unsigned i = 0; i < 8; ++i) {
    from_a.push_back(backoff_delay(5, 50ms, 2000ms, a).count());
    from_b.push_back(backoff_delay(5, 50ms, 2000ms, b).count());
    from_c.push_back(backoff_delay(5, 50ms, 2000ms, c).count());
  }
  EXPECT_EQ(from_a, from_b);  // Seeded: reproducible.
  EXPECT_NE(from_a, from_c);  // Instances seeded apart do not reconnect in lockstep.
}

class RedisConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::installed()) {
      GTEST_SKIP() << "redis-server is not installed (scripts/install-deps.sh test installs it)";
    }
    ASSERT_TRUE(server_.start());
  }
  std::shared_ptr<RedisConnection> connect(RedisOptions options) {
    auto connection = RedisConnection::create(ioc_.get_executor(), std::move(options));
    connection->start();
    drive_until(ioc_, [&] { return connection->ready(); });
    return connection;
  }
  void TearDown() override {
    for (auto& c : opened_) c->stop();
  }

  RedisServer server_;
  asio::io_context ioc_;
  std::vector<std::shared_ptr<RedisConnection>> opened_;
};

TEST_F(RedisConnectionTest, PipelinesManyCallsAndMatchesRepliesInOrder) {
  auto connection = connect(options_for(server_.port()));
  ASSERT_TRUE(connection->ready());
  constexpr int kCalls = 300;
  std::vector<std::string> got(kCalls);
  int done = 0;
  for (int i = 0; i < kCalls; ++i) {
    asio::co_spawn(ioc_, echo(*connection, "payload-" + std::to_string(i)),
                   [&got, &done, i](std::exception_ptr, CallResult r) {
                     got[static_cast<std::size_t>(i)] = text_of(r);
                     ++done;
                   });
  }
  ASSERT_TRUE(drive_until(ioc_, [&] { return done == kCalls; }));
  for (int i = 0; i < kCalls; ++i)
    EXPECT_EQ(got[static_cast<std::size_t>(i)], "payload-" + std::to_string(i));
  EXPECT_EQ(connection->stats().timeouts, 0u);
}

TEST_F(RedisConnectionTest, ALateReplyIsDiscardedAndTheNextCallGetsItsOwn) {
  auto connection = connect(options_for(server_.port()));
  server_.pause();
  const Clock::time_point start = Clock::now();
  const CallResult late = drive(ioc_, echo(*connection, "late"));
  EXPECT_EQ(late.status, CallStatus::timeout);
  EXPECT_LT(Clock::now() - start, 500ms);
  server_.resume();
  EXPECT_EQ(text_of(drive(ioc_, echo(*connection, "next"))), "next");
}

TEST_F(RedisConnectionTest, CallsInFlightAreBoundedAndTheRestRefusedAtOnce) {
  RedisOptions options = options_for(server_.port());
  options.max_pending = 4;
  auto connection = connect(options);
  server_.pause();
  std::map<CallStatus, int> outcomes;
  int done = 0;
  for (int i = 0; i < 10; ++i) {
    asio::co_spawn(ioc_, echo(*connection, "x"), [&](std::exception_ptr, CallResult r) {
      ++outcomes[r.status];
      ++done;
    });
  }
  ASSERT_TRUE(drive_until(ioc_, [&] { return done == 10; }));
  EXPECT_EQ(outcomes[CallStatus::overloaded], 6);
  EXPECT_EQ(outcomes[CallStatus::timeout], 4);
  server_.resume();
}

TEST_F(RedisConnectionTest, AuthenticatesSelectsAndNeverLogsThePassword) {
  server_.command({"CONFIG", "SET", "requirepass", "s3cret-pw"});
  std::vector<std::string> errors;
  RedisOptions wrong = options_for(server_.port());
  wrong.password = "wrong-pw";
  wrong.on_error = [&](std::string_view message) { errors.emplace_back(message); };
  auto refused = RedisConnection::create(ioc_.get_executor(), wrong);
  refused->start();
  opened_.push_back(refused);
  ASSERT_TRUE(drive_until(ioc_, [&] { return refused->stats().connect_failures >= 2; }));
  EXPECT_FALSE(refused->ready());
  EXPECT_EQ(drive(ioc_, echo(*refused, "x")).status, CallStatus::not_connected);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().find("AUTH refused"), std::string::npos) << errors.front();
  for (const std::string& e : errors) EXPECT_EQ(e.find("wrong-pw"), std::string::npos) << e;

  RedisOptions right = options_for(server_.port());
  right.password = "s3cret-pw";
  right.database = 3;
  auto connection = connect(right);
  opened_.push_back(connection);
  ASSERT_TRUE(connection->ready());
  const std::array<std::string_view, 2> info{"CLIENT", "INFO"};
  const std::span<const std::string_view> args(info);
  const CallResult r = drive(ioc_, connection->call(args));
  ASSERT_TRUE(r.success());
  EXPECT_NE(std::string_view(r.reply->str, r.reply->len).find(" db=3 "), std::string::npos);
}

TEST_F(RedisConnectionTest, ReconnectsAfterTheServerComesBackAndStopEndsIt) {
  auto connection = connect(options_for(server_.port()));
  server_.kill();
  ASSERT_TRUE(drive_until(ioc_, [&] { return !connection->ready(); }));
  EXPECT_EQ(drive(ioc_, echo(*connection, "x")).status, CallStatus::not_connected);
  ASSERT_TRUE(server_.restart());
  ASSERT_TRUE(drive_until(ioc_, [&] { return connection->ready(); }));
  EXPECT_EQ(text_of(drive(ioc_, echo(*connection, "back"))), "back");
  EXPECT_EQ(connection->stats().connects, 2u);
  EXPECT_EQ(connection->stats().disconnects, 1u);

  server_.pause();  // A call in flight when stop() comes ends at once.
  std::optional<CallResult> in_flight;
  asio::co_spawn(ioc_, echo(*connection, "x"),
                 [&](std::exception_ptr, CallResult r) { in_flight.emplace(std::move(r)); });
  ioc_.poll();
  connection->stop();
  ASSERT_TRUE(drive_until(
      ioc_, [&] { return in_flight.has_value(); }, 50ms));
  EXPECT_EQ(in_flight->status, CallStatus::connection_lost);
  server_.resume();
  drive_until(
      ioc_, [] { return false; }, 100ms);
  EXPECT_FALSE(connection->ready());
  EXPECT_EQ(connection->stats().connects, 2u);
}

TEST_F(RedisConnectionTest, AStalledConnectionIsDroppedAndReopened) {
  RedisOptions options = options_for(server_.port());
  options.health_interval = 50ms;
  options.stall_timeout = 200ms;
  auto connection = connect(options);
  server_.pause();
  EXPECT_EQ(drive(ioc_, echo(*connection, "x")).status, CallStatus::timeout);
  ASSERT_TRUE(drive_until(
      ioc_, [&] { return connection->stats().stalls == 1; }, 2s));
  EXPECT_FALSE(connection->ready());
  server_.resume();
  ASSERT_TRUE(drive_until(
      ioc_, [&] { return connection->ready(); }, 3s));
  EXPECT_EQ(text_of(drive(ioc_, echo(*connection, "ok"))), "ok");
}

// Servers that are not (well-behaved) Redis: nothing may hang, every failure is counted.
class RedisGarbageTest : public ::testing::Test {
 protected:
  asio::io_context ioc_;
};

TEST_F(RedisGarbageTest, AnUnparseableReplyDropsTheConnectionAndFailsTheCall) {
  FakeServer fake([](int fd) {
    FakeServer::read_some(fd);  // The handshake's PING.
    FakeServer::write_all(fd, "+PONG\r\n");
    FakeServer::read_some(fd);
    FakeServer::write_all(fd, "?what is this\r\n");
    FakeServer::drain(fd);
  });
  auto connection = RedisConnection::create(ioc_.get_executor(), options_for(fake.port()));
  connection->start();
  ASSERT_TRUE(drive_until(ioc_, [&] { return connection->ready(); }));
  const Clock::time_point start = Clock::now();
  EXPECT_EQ(drive(ioc_, echo(*connection, "x")).status, CallStatus::connection_lost);
  EXPECT_LT(Clock::now() - start, 100ms);  // Before the timeout: the stream was dropped.
  EXPECT_EQ(connection->stats().protocol_errors, 1u);
  EXPECT_TRUE(drive_until(ioc_, [&] { return fake.accepted() >= 2; }));  // Reconnects.
  connection->stop();
  drive_until(
      ioc_, [] { return false; }, 50ms);
}

TEST_F(RedisGarbageTest, AReplyNobodyAskedForIsAProtocolError) {
  FakeServer fake([](int fd) {
    FakeServer::read_some(fd);
    FakeServer::write_all(fd, "+PONG\r\n+SURPRISE\r\n");
    FakeServer::drain(fd);
  });
  auto connection = RedisConnection::create(ioc_.get_executor(), options_for(fake.port()));
  connection->start();
  ASSERT_TRUE(drive_until(ioc_, [&] { return connection->stats().protocol_errors >= 1; }));
  connection->stop();
  drive_until(
      ioc_, [] { return false; }, 50ms);
}

TEST_F(RedisGarbageTest, GarbageOrSilenceDuringTheHandshakeNeverMakesItReady) {
  std::atomic<int> connection_number{0};
  FakeServer fake([&](int fd) {
    FakeServer::read_some(fd);
    if (connection_number.fetch_add(1) % 2 == 0) {
      FakeServer::write_all(fd, "\x01\x02 not resp\r\n");
    }  // else: say nothing until the client gives up.
    FakeServer::drain(fd);
  });
  std::vector<std::string> errors;
  RedisOptions options = options_for(fake.port());
  options.on_error = [&](std::string_view message) { errors.emplace_back(message); };
  auto connection = RedisConnection::create(ioc_.get_executor(), options);
  connection->start();
  ASSERT_TRUE(drive_until(
      ioc_, [&] { return connection->stats().connect_failures >= 2; }, 3s));
  EXPECT_FALSE(connection->ready());
  EXPECT_EQ(connection->stats().connects, 0u);
  EXPECT_EQ(drive(ioc_, echo(*connection, "x")).status, CallStatus::not_connected);
  bool protocol = false;
  bool timed_out = false;
  for (const std::string& e : errors) {
    protocol |= e.find("protocol error") != std::string::npos;
    timed_out |= e.find("timed out") != std::string::npos;
  }
  EXPECT_TRUE(protocol);
  EXPECT_TRUE(timed_out);
  connection->stop();
  drive_until(
      ioc_, [] { return false; }, 50ms);
}

}  // namespace
}  // namespace llmgw::store::redis
