#include "store/redis/redis_counter_store.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <deque>
#include <optional>
#include <vector>

#include "store/redis/counter_scripts.hpp"

namespace llmgw::store::redis {

namespace asio = boost::asio;
using governance::BudgetPeriod;
using governance::ScopeRef;

namespace {

constexpr std::size_t kMaxArgs = 48;  // Reserve: 6 + 6 per scope; settle: 9 + 3 per slot.
constexpr std::int64_t kPassed = -2;

/// A command's arguments in one buffer (two allocations whatever their number); also what
/// the replay queue keeps of a failed settle.
class ArgList {
 public:
  ArgList() {
    buffer_.reserve(256);
    ends_.reserve(kMaxArgs);
  }
  void add(std::string_view text) {
    buffer_.append(text);
    ends_.push_back(static_cast<std::uint32_t>(buffer_.size()));
  }
  void add(std::int64_t value) {
    std::array<char, 24> digits;
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    add(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
  }
  /// `kind:id[:sub]`, with ':' and '%' in names percent-encoded so names cannot collide.
  void add(const ScopeRef& scope) {
    buffer_.append(governance::to_string(scope.kind));
    for (const std::string_view part : {scope.id, scope.sub}) {
      if (part.empty()) continue;
      buffer_ += ':';
      for (const char c : part) {
        if (c == ':') {
          buffer_.append("%3A");
        } else if (c == '%') {
          buffer_.append("%25");
        } else {
          buffer_ += c;
        }
      }
    }
    ends_.push_back(static_cast<std::uint32_t>(buffer_.size()));
  }
  /// Views into the buffer, valid until the next add.
  std::span<const std::string_view> views(std::array<std::string_view, kMaxArgs>& out) const {
    std::size_t begin = 0;
    for (std::size_t i = 0; i < ends_.size(); ++i) {
      out[i] = std::string_view(buffer_).substr(begin, ends_[i] - begin);
      begin = ends_[i];
    }
    return {out.data(), ends_.size()};
  }

 private:
  std::string buffer_;
  std::vector<std::uint32_t> ends_;
};

std::string_view period_code(BudgetPeriod period) {
  switch (period) {
    case BudgetPeriod::day: return "d";
    case BudgetPeriod::week: return "w";
    case BudgetPeriod::month: return "m";
    case BudgetPeriod::total: return "t";
  }
  return "t";
}

/// The integer array a script returns, checked once: nullptr if it is anything else.
const redisReply* integer_array(const CallResult& call, std::size_t at_least) {
  if (!call.success() || call.reply->type != REDIS_REPLY_ARRAY) return nullptr;
  const redisReply* reply = call.reply.get();
  if (reply->elements < at_least) return nullptr;
  for (std::size_t i = 0; i < reply->elements; ++i) {
    if (reply->element[i]->type != REDIS_REPLY_INTEGER) return nullptr;
  }
  return reply;
}

/// Worth replaying: Redis was unreachable, slow or briefly unable to run scripts.
bool transient(const CallResult& call) {
  if (!call.ok()) return true;
  const std::string_view error = call.error();
  for (const std::string_view prefix : {"BUSY", "LOADING", "OOM", "READONLY", "TRYAGAIN",
                                        "MASTERDOWN", "CLUSTERDOWN", "NOREPLICAS"}) {
    if (error.starts_with(prefix)) return true;
  }
  return false;
}

// As in MemoryCounterStore: "never" beats any wait, then the longest wait, then the
// earliest scope.
bool worse(const Denial& a, const Denial& b) noexcept {
  if (a.never != b.never) return a.never;
  return a.retry_after_ms > b.retry_after_ms;
}

void keep_tightest(std::optional<RateWindowState>& best, const RateWindowState& candidate) {
  if (!best || candidate.remaining < best->remaining ||
      (candidate.remaining == best->remaining && candidate.limit < best->limit)) {
    best = candidate;
  }
}

}  // namespace

struct RedisCounterStore::State {
  State(std::shared_ptr<RedisConnection> conn, RedisCounterStoreOptions opts)
      : connection(std::move(conn)),
        options(std::move(opts)),
        reserve_script(&connection->add_script(reserve_script_text())),
        settle_script(&connection->add_script(settle_script_text())),
        in_flight_key(options.prefix + ":r"),
        replay_timer(connection->executor()) {}

  static std::string reserve_script_text() { return redis::reserve_script(); }
  static std::string settle_script_text() { return redis::settle_script(); }

  std::shared_ptr<RedisConnection> connection;
  RedisCounterStoreOptions options;
  const Script* reserve_script;
  const Script* settle_script;
  std::string in_flight_key;
  std::deque<ArgList> queue;  ///< Failed settles, oldest first.
  bool replaying = false;
  bool stopped = false;
  asio::steady_timer replay_timer;
  std::uint64_t next_local_id = 1;  ///< Reservations without limited scopes never reach Redis.
  struct {
    std::atomic<std::uint64_t> reserve_unavailable{0}, settle_unavailable{0}, queued{0},
        replayed{0}, dropped{0}, bad_replies{0}, queue_size{0};
  } counters;

  static void bump(std::atomic<std::uint64_t>& c) noexcept {
    c.fetch_add(1, std::memory_order_relaxed);
  }
  std::int64_t local_now_ms() const noexcept {
    return options.clock != nullptr ? options.clock->now_ms() : SystemWallClock().now_ms();
  }
  std::string_view clock_arg(std::array<char, 24>& digits) const {
    if (options.clock == nullptr) return {};
    const auto [end, ec] =
        std::to_chars(digits.data(), digits.data() + digits.size(), options.clock->now_ms());
    return {digits.data(), static_cast<std::size_t>(end - digits.data())};
  }

  void enqueue(const std::shared_ptr<State>& self, ArgList args) {
    if (queue.size() >= options.settle_queue_limit) {
      bump(counters.dropped);
      return;
    }
    queue.push_back(std::move(args));
    counters.queue_size.store(queue.size(), std::memory_order_relaxed);
    bump(counters.queued);
    if (!replaying) {
      replaying = true;
      asio::co_spawn(connection->executor(), replay(self), asio::detached);
    }
  }

  /// Sends queued settles oldest first, one at a time, while the connection is up; waits
  /// replay_interval while it is not. Ends when the queue is empty.
  static asio::awaitable<void> replay(std::shared_ptr<State> self) {
    State& s = *self;
    const std::array<std::string_view, 1> keys{s.in_flight_key};
    const std::span<const std::string_view> key_span(keys);
    std::array<std::string_view, kMaxArgs> views;
    while (!s.queue.empty() && !s.stopped) {
      if (!s.connection->ready()) {
        s.replay_timer.expires_after(s.options.replay_interval);
        co_await s.replay_timer.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      const std::span<const std::string_view> args = s.queue.front().views(views);
      const CallResult call = co_await s.connection->eval(*s.settle_script, key_span, args);
      if (integer_array(call, 2) != nullptr) {
        bump(s.counters.replayed);
      } else if (transient(call)) {
        s.replay_timer.expires_after(s.options.replay_interval);
        co_await s.replay_timer.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      } else {
        bump(s.counters.bad_replies);
        bump(s.counters.dropped);  // Redis refuses it for good: replaying cannot help.
      }
      s.queue.pop_front();
      s.counters.queue_size.store(s.queue.size(), std::memory_order_relaxed);
    }
    s.replaying = false;
  }
};

RedisCounterStore::RedisCounterStore(std::shared_ptr<RedisConnection> connection,
                                     RedisCounterStoreOptions options)
    : state_(std::make_shared<State>(std::move(connection), std::move(options))) {}

RedisCounterStore::~RedisCounterStore() {
  state_->stopped = true;
  state_->replay_timer.cancel();
}

RedisCounterStats RedisCounterStore::stats() const noexcept {
  const auto& c = state_->counters;
  const auto get = [](const std::atomic<std::uint64_t>& v) {
    return v.load(std::memory_order_relaxed);
  };
  return {get(c.reserve_unavailable),
          get(c.settle_unavailable),
          get(c.queued),
          get(c.replayed),
          get(c.dropped),
          get(c.bad_replies)};
}

std::size_t RedisCounterStore::queued_settles() const noexcept {
  return state_->counters.queue_size.load(std::memory_order_relaxed);
}

asio::awaitable<ReserveResult> RedisCounterStore::reserve(const ReserveRequest& request) {
  State& s = *state_;
  ReserveResult result;
  if (request.scopes.size() > kMaxScopes || request.tokens < 0 || request.cost < 0) {
    State::bump(s.counters.reserve_unavailable);
    co_return result;  // A caller bug: unavailable lets the configured fail mode decide.
  }
  std::array<std::size_t, kMaxScopes> index{};  // Limited scopes, into request.scopes.
  std::size_t n = 0;
  for (std::size_t i = 0; i < request.scopes.size(); ++i) {
    if (request.scopes[i].limits.any()) index[n++] = i;
  }
  if (n == 0) {
    Reservation::Builder::start(result.reservation, s.next_local_id++, s.local_now_ms(),
                                request.tokens, request.cost);
    result.status = ReserveStatus::admitted;
    co_return result;
  }

  ArgList args;
  std::array<char, 24> clock_digits;
  args.add(s.clock_arg(clock_digits));
  args.add(request.tokens);
  args.add(request.cost);
  args.add(static_cast<std::int64_t>(s.options.lease.count()));
  args.add(std::string_view(s.options.prefix));
  args.add(static_cast<std::int64_t>(n));
  for (std::size_t j = 0; j < n; ++j) {
    const ScopeCheck& check = request.scopes[index[j]];
    args.add(check.scope);
    args.add(check.limits.rate.rpm);
    args.add(check.limits.rate.tpm);
    args.add(check.limits.rate.max_parallel);
    args.add(check.limits.budget.set() ? check.limits.budget.amount : 0);
    args.add(check.limits.budget.set() ? period_code(check.limits.budget.period) : "-");
  }
  std::array<std::string_view, kMaxArgs> views;
  const std::span<const std::string_view> arg_span = args.views(views);
  const std::array<std::string_view, 1> keys{s.in_flight_key};
  const std::span<const std::string_view> key_span(keys);
  const CallResult call = co_await s.connection->eval(*s.reserve_script, key_span, arg_span);

  const redisReply* reply = integer_array(call, 3 + 8 * n);
  if (reply == nullptr || reply->elements != 3 + 8 * n) {
    if (call.ok()) State::bump(s.counters.bad_replies);
    State::bump(s.counters.reserve_unavailable);
    co_return result;
  }
  const auto at = [reply](std::size_t i) -> std::int64_t { return reply->element[i]->integer; };
  const bool admitted = at(0) == 1;
  const std::int64_t now = at(2);
  std::optional<Denial> denial;
  if (admitted) {
    Reservation::Builder::start(result.reservation, static_cast<std::uint64_t>(at(1)), now,
                                request.tokens, request.cost);
  }
  for (std::size_t j = 0; j < n; ++j) {
    const ScopeCheck& check = request.scopes[index[j]];
    const governance::RateLimits& rate = check.limits.rate;
    const std::size_t base = 3 + 8 * j;
    constexpr std::array<LimitReason, 4> kReasons{LimitReason::rpm, LimitReason::tpm,
                                                  LimitReason::parallel, LimitReason::budget};
    for (std::size_t k = 0; k < kReasons.size(); ++k) {
      const std::int64_t wait = at(base + 4 + k);
      if (wait == kPassed) continue;
      const Denial candidate{index[j], kReasons[k], wait < 0 ? 0 : wait, wait < 0};
      if (!denial || worse(candidate, *denial)) denial = candidate;
    }
    if (admitted) {
      Reservation::Slot slot{check.scope, kCountedParallel, check.limits.budget.period};
      if (rate.rpm > 0) slot.counted |= kCountedRequests;
      if (rate.tpm > 0) slot.counted |= kCountedTokens;
      if (check.limits.budget.set()) slot.counted |= kCountedBudget;
      Reservation::Builder::add(result.reservation, slot);
    }
    if (rate.rpm > 0) {
      keep_tightest(result.requests,
                    {rate.rpm, std::max<std::int64_t>(0, rate.rpm - at(base)), at(base + 1)});
    }
    if (rate.tpm > 0) {
      keep_tightest(result.tokens,
                    {rate.tpm, std::max<std::int64_t>(0, rate.tpm - at(base + 2)), at(base + 3)});
    }
  }
  if (admitted == denial.has_value()) {  // The script contradicts itself: trust neither.
    State::bump(s.counters.bad_replies);
    State::bump(s.counters.reserve_unavailable);
    co_return ReserveResult{};
  }
  if (admitted) {
    result.status = ReserveStatus::admitted;
  } else {
    result.status = ReserveStatus::denied;
    result.denial = *denial;
  }
  co_return result;
}

asio::awaitable<SettleResult> RedisCounterStore::settle(Reservation& reservation,
                                                        std::int64_t actual_tokens,
                                                        pico_usd actual_cost) {
  State& s = *state_;
  SettleResult result;
  if (reservation.empty()) co_return result;
  if (actual_tokens < 0) actual_tokens = reservation.tokens();
  if (actual_cost < 0) actual_cost = reservation.cost();
  const std::span<const Reservation::Slot> slots = reservation.slots();
  if (slots.empty()) {
    Reservation::Builder::consume(reservation);
    result.status = SettleStatus::settled;
    co_return result;
  }

  ArgList args;
  std::array<char, 24> clock_digits;
  args.add(s.clock_arg(clock_digits));
  args.add(static_cast<std::int64_t>(reservation.id()));
  args.add(reservation.at_ms());
  args.add(reservation.tokens());
  args.add(actual_tokens);
  args.add(reservation.cost());
  args.add(actual_cost);
  args.add(std::string_view(s.options.prefix));
  args.add(static_cast<std::int64_t>(slots.size()));
  for (const Reservation::Slot& slot : slots) {
    args.add(slot.scope);
    args.add(static_cast<std::int64_t>(slot.counted));
    args.add(period_code(slot.period));
  }
  std::array<std::string_view, kMaxArgs> views;
  const std::span<const std::string_view> arg_span = args.views(views);
  const std::array<std::string_view, 1> keys{s.in_flight_key};
  const std::span<const std::string_view> key_span(keys);
  const CallResult call = co_await s.connection->eval(*s.settle_script, key_span, arg_span);

  const redisReply* reply = integer_array(call, 2);
  const std::size_t crossings =
      reply != nullptr
          ? static_cast<std::size_t>(std::clamp<long long>(reply->element[1]->integer, 0, 1 << 10))
          : 0;
  if (reply != nullptr && reply->elements == 2 + 4 * crossings &&
      crossings <= result.crossing_storage.size()) {
    for (std::size_t c = 0; c < crossings; ++c) {
      const auto at = [&](std::size_t k) { return reply->element[2 + 4 * c + k]->integer; };
      const auto slot_index = static_cast<std::size_t>(at(0));
      if (slot_index >= slots.size()) continue;
      result.crossing_storage[result.crossing_count++] =
          ThresholdCrossing{slot_index, static_cast<int>(at(1)), at(2), at(3)};
    }
    result.status = reply->element[0]->integer == 1 ? SettleStatus::settled : SettleStatus::empty;
    Reservation::Builder::consume(reservation);
    co_return result;
  }
  State::bump(s.counters.settle_unavailable);
  if (transient(call)) {
    s.enqueue(state_, std::move(args));
  } else {
    State::bump(s.counters.bad_replies);
  }
  result.status = SettleStatus::unavailable;
  co_return result;
}

}  // namespace llmgw::store::redis
