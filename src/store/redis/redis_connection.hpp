#pragma once
// One TCP connection to Redis on one worker's event loop. Hiredis does the protocol (its
// reply reader and command formatter); Asio does the I/O, because hiredis's own connection
// is either blocking or tied to libevent/libuv, and a worker must never block its loop.
//
// Commands are pipelined: each call writes its command at once and waits for its reply,
// replies are matched to calls in order (FIFO), so many calls may be in flight on one
// socket. Every call has a deadline: the caller's timer is also its wake-up signal (the
// reader cancels it when the reply arrives), so a call costs one timer and no allocation
// beyond the command bytes. A call that times out leaves its slot in the FIFO (Redis will
// still answer it); the reply is discarded.
//
// The connection keeps itself up: after a drop it reconnects with exponential backoff and
// jitter, redoing AUTH, SELECT, SCRIPT LOAD and SUBSCRIBE. While it is down, calls fail at
// once (never queued), and at most `max_pending` calls may be in flight, so neither memory
// nor latency grows when Redis is slow or gone. A stalled connection (a reply overdue by
// `stall_timeout`) is dropped and reopened; an idle one is pinged to find half-open sockets.
//
// Threading: everything happens on the executor given at creation (one worker's single
// threaded io_context); no method may be called from another thread, so there are no locks.
// The counters in stats() are atomics and may be read from any thread.

#include <hiredis/hiredis.h>

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmgw::store::redis {

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
/// A parsed reply tree as hiredis builds it (RESP2: string, array, integer, nil, status,
/// error).
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

enum class CallStatus : std::uint8_t {
  ok,               ///< `reply` holds Redis's answer (which may be an error reply).
  timeout,          ///< No reply before the deadline.
  not_connected,    ///< Refused at once: the connection is down or (re)connecting.
  overloaded,       ///< Refused at once: `max_pending` calls already in flight.
  connection_lost,  ///< The connection dropped while the call waited.
  cancelled,        ///< The calling coroutine was cancelled.
};

std::string_view to_string(CallStatus status) noexcept;

struct CallResult {
  CallStatus status = CallStatus::not_connected;
  Reply reply;
  bool ok() const noexcept { return status == CallStatus::ok; }
  /// ok and not an error reply.
  bool success() const noexcept { return ok() && reply && reply->type != REDIS_REPLY_ERROR; }
  /// The error reply's text ("NOSCRIPT ..."), empty otherwise.
  std::string_view error() const noexcept;
};

/// A Lua script: its body and SHA1 (computed locally, so EVALSHA works before any load).
struct Script {
  std::string body;
  std::string sha1;  ///< Lowercase hex, as Redis names scripts.
};
Script make_script(std::string body);

struct RedisOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string username;  ///< ACL user (Redis 6+); empty: `AUTH password` only.
  std::string password;  ///< Empty: no AUTH. Never logged.
  int database = 0;
  std::chrono::milliseconds timeout{50};            ///< Per call.
  std::chrono::milliseconds connect_timeout{1000};  ///< Resolve + connect + handshake.
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{2000};
  std::size_t max_pending = 1024;                   ///< Calls in flight at once.
  std::chrono::milliseconds health_interval{1000};  ///< Ping when idle; 0: never.
  std::chrono::milliseconds stall_timeout{2000};    ///< Oldest reply overdue: reconnect.
  std::uint64_t jitter_seed = 0;                    ///< 0: from std::random_device.
  /// Subscriber connections: channels SUBSCRIBEd on every connect, and where their
  /// messages go (called on the connection's executor, in order, with the payload).
  std::vector<std::string> subscribe;
  std::function<void(std::string_view channel, std::string_view payload)> on_message;
  /// Called on the executor after every successful (re)connect and handshake.
  std::function<void()> on_ready;
  /// Called on the executor when a connect attempt fails or a connection drops, with a
  /// message for the log (address and reason; never the password).
  std::function<void(std::string_view message)> on_error;
};

/// The delay before reconnect attempt `attempt` (0-based): min(max, initial * 2^attempt),
/// then a uniform pick in its upper half ("equal jitter"), so N instances that lost Redis
/// together do not come back in lockstep, yet none waits less than half the backoff.
std::chrono::milliseconds backoff_delay(unsigned attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, std::mt19937_64& rng);

/// Counters since creation. Monotonic; a metrics exporter sums them over workers.
struct RedisConnectionStats {
  std::uint64_t connects = 0;          ///< Successful handshakes.
  std::uint64_t connect_failures = 0;  ///< Resolve, connect or handshake failures.
  std::uint64_t disconnects = 0;       ///< Established connections that dropped.
  std::uint64_t calls = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t not_connected = 0;  ///< Calls refused while down.
  std::uint64_t overloaded = 0;     ///< Calls refused: too many in flight.
  std::uint64_t connection_lost = 0;
  std::uint64_t protocol_errors = 0;  ///< Unparseable or unexpected bytes from the server.
  std::uint64_t stalls = 0;           ///< Connections dropped for an overdue reply.
  std::uint64_t noscript_fallbacks = 0;
};

class RedisConnection : public std::enable_shared_from_this<RedisConnection> {
 public:
  /// Creates a stopped connection; start() connects. May be called on any thread before
  /// the executor runs.
  static std::shared_ptr<RedisConnection> create(boost::asio::any_io_executor executor,
                                                 RedisOptions options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  /// Registers a script that every (re)connect SCRIPT LOADs, so EVALSHA finds it. Call
  /// before start(); the returned reference lives as long as the connection.
  const Script& add_script(std::string body);

  /// Starts connecting and keeps the connection up until stop(). Posts to the executor.
  void start();
  /// Closes the socket, fails the calls in flight (connection_lost) and stops reconnecting.
  /// On the executor's thread. The object lives on until its coroutines have finished.
  void stop();

  /// Connected, handshake done: calls are sent.
  bool ready() const noexcept;

  /// Sends one command (`args[0]` is its name) and waits for its reply, at most
  /// `options.timeout`. The arguments are copied before the first suspension. Never throws
  /// for I/O; a Redis error reply is status ok with an error reply.
  boost::asio::awaitable<CallResult> call(std::span<const std::string_view> args);

  /// EVALSHA of `script`; on NOSCRIPT (a flushed or failed-over server) one EVAL of the
  /// body, which also caches it again. Both within one `options.timeout` deadline.
  boost::asio::awaitable<CallResult> eval(const Script& script,
                                          std::span<const std::string_view> keys,
                                          std::span<const std::string_view> args);

  RedisConnectionStats stats() const noexcept;
  const RedisOptions& options() const noexcept { return options_; }
  boost::asio::any_io_executor executor() const noexcept;

 private:
  struct Impl;
  struct Waiter;
  using Deadline = std::chrono::steady_clock::time_point;

  RedisConnection(boost::asio::any_io_executor executor, RedisOptions options);
  boost::asio::awaitable<CallResult> call_until(std::span<const std::string_view> head,
                                                std::span<const std::string_view> keys,
                                                std::span<const std::string_view> args,
                                                Deadline deadline);

  RedisOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace llmgw::store::redis
