#include "store/redis/redis_connection.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/write.hpp>

#include "store/redis/redis_connection_impl.hpp"

namespace llmgw::store::redis {

namespace {

bool is_message(const redisReply& r) noexcept {
  return r.type == REDIS_REPLY_ARRAY && r.elements == 3 &&
         r.element[0]->type == REDIS_REPLY_STRING && reply_text(*r.element[0]) == "message";
}

}  // namespace

std::string_view to_string(CallStatus status) noexcept {
  switch (status) {
    case CallStatus::ok: return "ok";
    case CallStatus::timeout: return "timeout";
    case CallStatus::not_connected: return "not_connected";
    case CallStatus::overloaded: return "overloaded";
    case CallStatus::connection_lost: return "connection_lost";
    case CallStatus::cancelled: return "cancelled";
  }
  return "unknown";
}

std::string_view CallResult::error() const noexcept {
  if (!ok() || !reply || reply->type != REDIS_REPLY_ERROR) return {};
  return reply_text(*reply);
}

Script make_script(std::string body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(body.data(), body.size(), digest.data(), &size, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return {std::move(body), std::move(hex)};
}

std::chrono::milliseconds backoff_delay(unsigned attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, std::mt19937_64& rng) {
  const std::int64_t cap = std::max<std::int64_t>(1, max.count());
  std::int64_t base = std::max<std::int64_t>(1, initial.count());
  for (unsigned i = 0; i < attempt && base < cap; ++i) base *= 2;
  base = std::min(base, cap);
  std::uniform_int_distribution<std::int64_t> pick(base - base / 2, base);
  return std::chrono::milliseconds(pick(rng));
}

void RedisConnection::Impl::complete(Waiter& waiter, CallStatus status, Reply reply) {
  waiter.result.status = status;
  waiter.result.reply = std::move(reply);
  waiter.done = true;
  waiter.timer.cancel();
}

void RedisConnection::Impl::fail_all(CallStatus status) {
  for (Pending& p : pending) {
    if (p.waiter == nullptr) continue;
    if (status == CallStatus::connection_lost) bump(counters.connection_lost);
    complete(*p.waiter, status, nullptr);
  }
  pending.clear();
  front_seq = next_seq;
}

void RedisConnection::Impl::abandon(std::uint64_t seq) noexcept {
  if (seq >= front_seq && seq - front_seq < pending.size()) {
    pending[seq - front_seq].waiter = nullptr;
  }
}

void RedisConnection::Impl::drop() {
  if (state == State::ready) state = State::closing;
  error_code ec;
  socket.close(ec);
}

bool RedisConnection::Impl::append(std::span<const std::string_view> a,
                                   std::span<const std::string_view> b,
                                   std::span<const std::string_view> c) {
  constexpr std::size_t kInline = 64;  // Every command of the counter store fits.
  const std::size_t n = a.size() + b.size() + c.size();
  std::array<const char*, kInline> argv_inline;
  std::array<std::size_t, kInline> lengths_inline;
  std::vector<const char*> argv_heap;
  std::vector<std::size_t> lengths_heap;
  const char** argv = argv_inline.data();
  std::size_t* lengths = lengths_inline.data();
  if (n > kInline) {
    argv_heap.resize(n);
    lengths_heap.resize(n);
    argv = argv_heap.data();
    lengths = lengths_heap.data();
  }
  std::size_t i = 0;
  for (const std::span<const std::string_view> part : {a, b, c}) {
    for (const std::string_view arg : part) {
      argv[i] = arg.data();
      lengths[i++] = arg.size();
    }
  }
  char* command = nullptr;
  const int size = redisFormatCommandArgv(&command, static_cast<int>(n), argv, lengths);
  if (size < 0 || command == nullptr) return false;
  out.append(command, static_cast<std::size_t>(size));
  redisFreeCommand(command);
  return true;
}

// A command is a few hundred bytes and the socket's send buffer nearly always takes it:
// write it now, without a trip through the event loop; only a remainder goes to drain().
void RedisConnection::Impl::flush(const std::shared_ptr<RedisConnection>& self) {
  if (writing || out.empty() || state != State::ready) return;
  error_code ec;
  const std::size_t n = socket.write_some(asio::buffer(out), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
  if (ec) {
    drop();
    return;
  }
  out.erase(0, n);
  if (out.empty()) return;
  writing = true;
  asio::co_spawn(executor, drain(self, generation), asio::detached);
}

asio::awaitable<void> RedisConnection::Impl::drain(std::shared_ptr<RedisConnection> /*alive*/,
                                                   std::uint64_t gen) {
  std::string chunk;
  while (gen == generation && !out.empty()) {
    chunk.clear();
    chunk.swap(out);
    auto [ec, n] = co_await asio::async_write(socket, asio::buffer(chunk), kNoThrow);
    if (ec) {
      if (gen == generation) drop();
      break;
    }
  }
  if (gen == generation) writing = false;
}

bool RedisConnection::Impl::dispatch() {
  for (;;) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader, &raw) != REDIS_OK) {
      bump(counters.protocol_errors);
      report(std::string("redis: protocol error: ") + reader->errstr);
      return false;
    }
    if (raw == nullptr) return true;
    Reply reply(static_cast<redisReply*>(raw));
    if (options.on_message && is_message(*reply)) {
      options.on_message(reply_text(*reply->element[1]), reply_text(*reply->element[2]));
      continue;
    }
    if (pending.empty()) {  // Nobody asked: the stream is out of step.
      bump(counters.protocol_errors);
      report("redis: protocol error: a reply nobody asked for");
      return false;
    }
    const Pending head = pending.front();
    pending.pop_front();
    ++front_seq;
    if (head.waiter != nullptr) complete(*head.waiter, CallStatus::ok, std::move(reply));
  }
}

RedisConnection::RedisConnection(asio::any_io_executor executor, RedisOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(std::move(executor), options_)) {
  impl_->rng.seed(options_.jitter_seed != 0 ? options_.jitter_seed : std::random_device{}());
}

RedisConnection::~RedisConnection() = default;

std::shared_ptr<RedisConnection> RedisConnection::create(asio::any_io_executor executor,
                                                         RedisOptions options) {
  return std::shared_ptr<RedisConnection>(
      new RedisConnection(std::move(executor), std::move(options)));
}

const Script& RedisConnection::add_script(std::string body) {
  return impl_->scripts.emplace_back(make_script(std::move(body)));
}

bool RedisConnection::ready() const noexcept {
  return impl_->state == Impl::State::ready;
}

asio::any_io_executor RedisConnection::executor() const noexcept {
  return impl_->executor;
}

RedisConnectionStats RedisConnection::stats() const noexcept {
  const Impl::Counters& c = impl_->counters;
  const auto get = [](const std::atomic<std::uint64_t>& v) {
    return v.load(std::memory_order_relaxed);
  };
  return {get(c.connects),   get(c.connect_failures),  get(c.disconnects),
          get(c.calls),      get(c.timeouts),          get(c.not_connected),
          get(c.overloaded), get(c.connection_lost),   get(c.protocol_errors),
          get(c.stalls),     get(c.noscript_fallbacks)};
}

asio::awaitable<CallResult> RedisConnection::call(std::span<const std::string_view> args) {
  const Deadline deadline = Clock::now() + options_.timeout;
  const std::span<const std::string_view> none;
  co_return co_await call_until(args, none, none, deadline);
}

asio::awaitable<CallResult> RedisConnection::eval(const Script& script,
                                                  std::span<const std::string_view> keys,
                                                  std::span<const std::string_view> args) {
  const Deadline deadline = Clock::now() + options_.timeout;
  const std::string key_count = std::to_string(keys.size());
  const std::array<std::string_view, 3> by_sha{"EVALSHA", script.sha1, key_count};
  const std::span<const std::string_view> sha_head(by_sha);
  CallResult result = co_await call_until(sha_head, keys, args, deadline);
  if (!result.error().starts_with("NOSCRIPT")) co_return result;
  Impl::bump(impl_->counters.noscript_fallbacks);
  const std::array<std::string_view, 3> by_body{"EVAL", script.body, key_count};
  const std::span<const std::string_view> body_head(by_body);
  co_return co_await call_until(body_head, keys, args, deadline);
}

asio::awaitable<CallResult> RedisConnection::call_until(std::span<const std::string_view> head,
                                                        std::span<const std::string_view> keys,
                                                        std::span<const std::string_view> args,
                                                        Deadline deadline) {
  Impl& m = *impl_;
  Impl::bump(m.counters.calls);
  CallResult refused;
  if (m.state != Impl::State::ready) {
    Impl::bump(m.counters.not_connected);
    co_return refused;
  }
  if (m.pending.size() >= options_.max_pending || !m.append(head, keys, args)) {
    Impl::bump(m.counters.overloaded);
    refused.status = CallStatus::overloaded;
    co_return refused;
  }
  const std::shared_ptr<RedisConnection> self = shared_from_this();
  Waiter waiter{asio::steady_timer(m.executor), {}, false};
  waiter.timer.expires_at(deadline);
  const std::uint64_t seq = m.next_seq++;
  m.pending.push_back({&waiter, Clock::now()});
  m.flush(self);
  auto [ec] = co_await waiter.timer.async_wait(kNoThrow);
  if (waiter.done) co_return std::move(waiter.result);  // Even if the timer fired just after.
  m.abandon(seq);
  CallResult failed;
  if (!ec) {
    Impl::bump(m.counters.timeouts);
    failed.status = CallStatus::timeout;
  } else {
    failed.status = CallStatus::cancelled;
  }
  co_return failed;
}

}  // namespace llmgw::store::redis
