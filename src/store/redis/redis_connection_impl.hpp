#pragma once
// RedisConnection's state, shared by its two source files: redis_connection.cpp (calls,
// writes, replies) and redis_connection_loop.cpp (connect, handshake, read loop, health).
// Private to src/store/redis/.

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

#include "store/redis/redis_connection.hpp"

namespace llmgw::store::redis {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

inline std::string_view reply_text(const redisReply& r) noexcept {
  return r.str != nullptr ? std::string_view(r.str, r.len) : std::string_view();
}

/// A call's frame-resident state: the FIFO points at it until the reply or the call's end.
struct RedisConnection::Waiter {
  asio::steady_timer timer;
  CallResult result;
  bool done = false;
};

struct RedisConnection::Impl {
  enum class State : std::uint8_t { stopped, connecting, ready, closing };

  struct Pending {
    Waiter* waiter;  ///< nullptr: abandoned (timed out) or fire-and-forget (health ping).
    Clock::time_point sent;
  };

  struct Counters {
    std::atomic<std::uint64_t> connects{0}, connect_failures{0}, disconnects{0}, calls{0},
        timeouts{0}, not_connected{0}, overloaded{0}, connection_lost{0}, protocol_errors{0},
        stalls{0}, noscript_fallbacks{0};
  };

  Impl(asio::any_io_executor ex, const RedisOptions& opts)
      : options(opts),
        executor(ex),
        resolver(ex),
        socket(ex),
        backoff_timer(ex),
        health_timer(ex),
        guard_timer(ex) {}
  ~Impl() {
    if (reader != nullptr) redisReaderFree(reader);
  }

  const RedisOptions& options;
  asio::any_io_executor executor;
  tcp::resolver resolver;
  tcp::socket socket;
  asio::steady_timer backoff_timer;
  asio::steady_timer health_timer;
  asio::steady_timer guard_timer;  ///< Bounds a whole connect + handshake.
  redisReader* reader = nullptr;
  State state = State::stopped;
  bool started = false;
  bool stopping = false;
  bool guarding = false;         ///< connect_once is running: guard_timer may abort it.
  bool guard_fired = false;      ///< The connect deadline passed.
  std::uint64_t generation = 0;  ///< Per connection: stale coroutines see a change and leave.
  std::string out;               ///< Commands not yet taken by the kernel.
  bool writing = false;          ///< A drain coroutine owns `out`'s writes.
  std::deque<Pending> pending;
  std::uint64_t front_seq = 0;  ///< Sequence number of pending.front().
  std::uint64_t next_seq = 0;
  std::deque<Script> scripts;  ///< Deque: add_script's references stay valid.
  std::mt19937_64 rng;
  Clock::time_point last_read{};
  std::array<char, 16 * 1024> read_buffer{};
  Counters counters;

  static void bump(std::atomic<std::uint64_t>& counter) noexcept {
    counter.fetch_add(1, std::memory_order_relaxed);
  }
  void report(std::string_view message) const {
    if (options.on_error) options.on_error(message);
  }

  // redis_connection.cpp
  void complete(Waiter& waiter, CallStatus status, Reply reply);
  void fail_all(CallStatus status);
  void abandon(std::uint64_t seq) noexcept;
  /// Closes the socket: the read loop ends and the supervisor fails the calls in flight.
  void drop();
  /// Formats one command from its pieces into `out`. False: hiredis could not.
  bool append(std::span<const std::string_view> a, std::span<const std::string_view> b,
              std::span<const std::string_view> c);
  void flush(const std::shared_ptr<RedisConnection>& self);
  asio::awaitable<void> drain(std::shared_ptr<RedisConnection> self, std::uint64_t gen);
  /// Hands every complete reply in the reader to its call. False: the stream is unusable.
  bool dispatch();

  // redis_connection_loop.cpp
  asio::awaitable<void> run(std::shared_ptr<RedisConnection> self);
  asio::awaitable<bool> connect_once(std::shared_ptr<RedisConnection> self);
  asio::awaitable<bool> open_and_handshake();
  asio::awaitable<bool> handshake();
  asio::awaitable<void> read_loop();
  asio::awaitable<void> health_loop(std::shared_ptr<RedisConnection> self, std::uint64_t gen);
};

}  // namespace llmgw::store::redis
