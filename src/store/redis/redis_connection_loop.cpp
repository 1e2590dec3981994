// The connection's life: connect, handshake, read until the socket drops, back off, again.
// One supervisor coroutine per connection runs it; a health coroutine per established
// connection pings an idle socket and drops one whose replies stall.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/write.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "store/redis/redis_connection.hpp"
#include "store/redis/redis_connection_impl.hpp"

namespace llmgw::store::redis {

namespace {

std::string endpoint_name(const RedisOptions& options) {
  return options.host + ":" + std::to_string(options.port);
}

}  // namespace

void RedisConnection::start() {
  if (impl_->started) return;
  impl_->started = true;
  asio::co_spawn(impl_->executor, impl_->run(shared_from_this()), asio::detached);
}

void RedisConnection::stop() {
  Impl& m = *impl_;
  m.stopping = true;
  m.drop();
  m.resolver.cancel();
  m.backoff_timer.cancel();
  m.health_timer.cancel();
  m.guard_timer.cancel();
}

asio::awaitable<void> RedisConnection::Impl::run(std::shared_ptr<RedisConnection> self) {
  unsigned attempt = 0;
  while (!stopping) {
    ++generation;
    state = State::connecting;
    out.clear();
    writing = false;
    const bool up = co_await connect_once(self);
    if (up && !stopping) {
      state = State::ready;
      attempt = 0;
      bump(counters.connects);
      last_read = Clock::now();
      if (options.health_interval.count() > 0) {
        asio::co_spawn(executor, health_loop(self, generation), asio::detached);
      }
      if (options.on_ready) options.on_ready();
      co_await read_loop();
      bump(counters.disconnects);
    } else if (!stopping) {
      bump(counters.connect_failures);
    }
    state = stopping ? State::stopped : State::connecting;
    error_code ignored;
    socket.close(ignored);
    fail_all(CallStatus::connection_lost);
    if (stopping) break;
    backoff_timer.expires_after(
        backoff_delay(attempt++, options.backoff_initial, options.backoff_max, rng));
    co_await backoff_timer.async_wait(kNoThrow);
  }
  state = State::stopped;
  fail_all(CallStatus::connection_lost);
}

asio::awaitable<bool> RedisConnection::Impl::connect_once(std::shared_ptr<RedisConnection> self) {
  // One deadline for resolve, connect and handshake: the guard closes whatever is pending.
  // (The resolver has no per-operation cancellation in Boost 1.81, so no operator||.)
  const std::uint64_t gen = generation;
  guarding = true;
  guard_fired = false;
  guard_timer.expires_after(options.connect_timeout);
  guard_timer.async_wait([self, gen](error_code ec) {
    Impl& m = *self->impl_;
    if (ec || gen != m.generation || !m.guarding) return;
    m.guard_fired = true;
    m.resolver.cancel();
    error_code ignored;
    m.socket.close(ignored);
  });
  const bool ok = co_await open_and_handshake();
  guarding = false;
  guard_timer.cancel();
  if (guard_fired) report("redis: connecting to " + endpoint_name(options) + " timed out");
  co_return ok && !guard_fired;
}

asio::awaitable<bool> RedisConnection::Impl::open_and_handshake() {
  const std::string where = endpoint_name(options);
  std::vector<tcp::endpoint> targets;
  error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    targets.emplace_back(address, options.port);
  } else {
    const std::string port = std::to_string(options.port);
    auto [resolve_ec, results] = co_await resolver.async_resolve(options.host, port, kNoThrow);
    if (resolve_ec) {
      if (!guard_fired) report("redis: resolving " + where + " failed: " + resolve_ec.message());
      co_return false;
    }
    for (const auto& entry : results) targets.push_back(entry.endpoint());
  }
  // Endpoints one by one (not asio::async_connect's range): once the guard fired, stop.
  error_code connect_ec = asio::error::host_not_found;
  for (const tcp::endpoint& target : targets) {
    if (guard_fired) break;
    socket.close(ec);
    std::tie(connect_ec) = co_await socket.async_connect(target, kNoThrow);
    if (!connect_ec) break;
  }
  if (connect_ec || guard_fired) {
    if (!guard_fired) report("redis: connecting to " + where + " failed: " + connect_ec.message());
    co_return false;
  }
  socket.set_option(tcp::no_delay(true), ec);
  socket.non_blocking(true, ec);  // flush() writes without the event loop.
  if (reader != nullptr) redisReaderFree(reader);
  reader = redisReaderCreate();
  if (reader == nullptr) co_return false;
  co_return co_await handshake();
}

asio::awaitable<bool> RedisConnection::Impl::handshake() {
  // Every step is sent at once and the replies read in order: one round trip.
  std::vector<std::string_view> steps;
  const std::span<const std::string_view> none;
  const auto add = [&](std::string_view step, std::span<const std::string_view> command) {
    steps.push_back(step);
    return append(command, none, none);
  };
  out.clear();
  bool formatted = true;
  if (!options.password.empty()) {
    std::array<std::string_view, 3> auth{"AUTH", options.username, options.password};
    std::span<const std::string_view> command(auth);
    if (options.username.empty()) {
      auth[1] = options.password;
      command = command.subspan(0, 2);
    }
    formatted &= add("AUTH", command);
  }
  const std::string database = std::to_string(options.database);
  if (options.database != 0) {
    const std::array<std::string_view, 2> select{"SELECT", database};
    const std::span<const std::string_view> command(select);
    formatted &= add("SELECT", command);
  }
  for (const Script& script : scripts) {
    const std::array<std::string_view, 3> load{"SCRIPT", "LOAD", script.body};
    const std::span<const std::string_view> command(load);
    formatted &= add("SCRIPT LOAD", command);
  }
  for (const std::string& channel : options.subscribe) {
    const std::array<std::string_view, 2> subscribe{"SUBSCRIBE", channel};
    const std::span<const std::string_view> command(subscribe);
    formatted &= add("SUBSCRIBE", command);
  }
  if (options.subscribe.empty()) {  // Proves the peer speaks RESP before calls are sent.
    const std::array<std::string_view, 1> ping{"PING"};
    const std::span<const std::string_view> command(ping);
    formatted &= add("PING", command);
  }
  if (!formatted) co_return false;
  std::string bytes;
  bytes.swap(out);
  auto [write_ec, written] = co_await asio::async_write(socket, asio::buffer(bytes), kNoThrow);
  if (write_ec) {
    if (!guard_fired) report("redis: handshake with " + endpoint_name(options) + " failed");
    co_return false;
  }
  for (std::size_t got = 0; got < steps.size();) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader, &raw) != REDIS_OK) {
      bump(counters.protocol_errors);
      report(std::string("redis: protocol error during the handshake: ") + reader->errstr);
      co_return false;
    }
    if (raw == nullptr) {
      auto [read_ec, n] = co_await socket.async_read_some(asio::buffer(read_buffer), kNoThrow);
      if (read_ec) {
        if (!guard_fired) report("redis: handshake with " + endpoint_name(options) + " failed");
        co_return false;
      }
      redisReaderFeed(reader, read_buffer.data(), n);
      continue;
    }
    const Reply reply(static_cast<redisReply*>(raw));
    if (reply->type == REDIS_REPLY_ERROR) {
      // Redis's AUTH errors name no secret ("WRONGPASS invalid username-password pair").
      report("redis: " + std::string(steps[got]) + " refused by " + endpoint_name(options) + ": " +
             std::string(reply_text(*reply)));
      co_return false;
    }
    ++got;
  }
  co_return true;
}

asio::awaitable<void> RedisConnection::Impl::read_loop() {
  if (!dispatch()) co_return;  // A subscriber's messages may have come with the handshake.
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(read_buffer), kNoThrow);
    if (ec) {
      if (!stopping) {
        report("redis: connection to " + endpoint_name(options) + " lost: " +
               (ec == asio::error::eof ? std::string("closed by the server") : ec.message()));
      }
      co_return;
    }
    last_read = Clock::now();
    if (redisReaderFeed(reader, read_buffer.data(), n) != REDIS_OK || !dispatch()) co_return;
  }
}

asio::awaitable<void> RedisConnection::Impl::health_loop(std::shared_ptr<RedisConnection> self,
                                                         std::uint64_t gen) {
  for (;;) {
    health_timer.expires_after(options.health_interval);
    co_await health_timer.async_wait(kNoThrow);
    if (gen != generation || state != State::ready) co_return;
    const Clock::time_point now = Clock::now();
    if (!pending.empty() && now - pending.front().sent > options.stall_timeout) {
      bump(counters.stalls);
      report("redis: no reply from " + endpoint_name(options) + " within the stall timeout");
      drop();
      co_return;
    }
    if (pending.empty() && now - last_read >= options.health_interval) {
      const std::array<std::string_view, 1> ping{"PING"};
      const std::span<const std::string_view> command(ping);
      const std::span<const std::string_view> none;
      if (append(command, none, none)) {
        ++next_seq;
        pending.push_back({nullptr, now});  // Its reply only proves the socket is alive.
        flush(self);
      }
    }
  }
}

}  // namespace llmgw::store::redis
