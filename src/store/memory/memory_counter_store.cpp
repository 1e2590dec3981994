#include "store/memory/memory_counter_store.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

namespace llmgw::store {
namespace {

using governance::BudgetPeriod;
using governance::PeriodBounds;
using governance::RollingWindow;
using governance::ScopeKind;
using governance::ScopeRef;

constexpr std::int64_t kNoPeriod = std::numeric_limits<std::int64_t>::min();
constexpr std::array<int, 3> kThresholdPercents{50, 80, 100};

std::size_t hash_scope(const ScopeRef& s) noexcept {
  std::size_t h = std::hash<std::string_view>{}(s.id);
  if (!s.sub.empty()) h ^= std::hash<std::string_view>{}(s.sub) * 0x9E3779B97F4A7C15ULL;
  return h + static_cast<std::size_t>(s.kind) * 0x100000001B3ULL;
}

/// A scope and its hash, computed once per operation: the shard and the map both use it.
struct HashedScope {
  ScopeRef ref;
  std::size_t hash;
};

struct OwnedScope {
  ScopeKind kind;
  std::string id;
  std::string sub;
  std::size_t hash;
  ScopeRef view() const noexcept { return {kind, id, sub}; }
};

struct ScopeHash {
  using is_transparent = void;
  std::size_t operator()(const HashedScope& s) const noexcept { return s.hash; }
  std::size_t operator()(const OwnedScope& s) const noexcept { return s.hash; }
};

struct ScopeEqual {
  using is_transparent = void;
  static HashedScope v(const HashedScope& s) noexcept { return s; }
  static HashedScope v(const OwnedScope& s) noexcept { return {s.view(), s.hash}; }
  template <class A, class B>
  bool operator()(const A& a, const B& b) const noexcept {
    const HashedScope x = v(a);
    const HashedScope y = v(b);
    return x.hash == y.hash && x.ref == y.ref;
  }
};

struct BudgetState {
  bool started = false;  ///< The period is meaningful (`total` starts at int64 min).
  std::int64_t period_start = kNoPeriod;
  std::int64_t period_end = kNoPeriod;
  BudgetPeriod period = BudgetPeriod::total;
  pico_usd settled = 0;  ///< Actual cost settled in this period.
  pico_usd pending = 0;  ///< Estimates of requests admitted in this period, not yet settled.
  pico_usd amount = 0;   ///< As of the latest reserve (config reloads may change it).
  std::array<pico_usd, 3> thresholds{};  ///< 50, 80 and 100 % of amount.

  void set_amount(pico_usd value) noexcept {
    if (value == amount) return;
    amount = value;
    // amount * percent / 100 without overflow.
    for (std::size_t k = 0; k < 3; ++k) {
      const pico_usd percent = kThresholdPercents[k];
      thresholds[k] = value / 100 * percent + value % 100 * percent / 100;
    }
  }
};

struct ScopeState {
  RollingWindow requests;
  RollingWindow tokens;
  std::int64_t in_flight = 0;
  BudgetState budget;

  void advance(std::int64_t now) noexcept {
    requests.advance(now);
    tokens.advance(now);
  }
  /// Starts a new budget period once `now` is past the counted one (or the period kind
  /// changed); a clock stepping back keeps the current period. The calendar is consulted
  /// only then, not per request.
  void roll_budget(BudgetPeriod period, std::int64_t now) noexcept {
    if (!budget.started || period != budget.period || now >= budget.period_end) {
      const PeriodBounds bounds = governance::budget_period(period, now);
      budget.started = true;
      budget.period_start = bounds.start_ms;
      budget.period_end = bounds.end_ms;
      budget.period = period;
      budget.settled = 0;
      budget.pending = 0;
    }
  }
  bool idle(std::int64_t now) const noexcept {
    if (in_flight != 0 || !requests.empty() || !tokens.empty()) return false;
    return (budget.settled == 0 && budget.pending == 0) || now >= budget.period_end;
  }
};

using ScopeMap = std::unordered_map<OwnedScope, ScopeState, ScopeHash, ScopeEqual>;

/// Denial candidate ordering: "never" beats any wait, then the longest wait, then the
/// earliest scope (the caller's order: global first reads naturally in errors).
bool worse(const Denial& a, const Denial& b) noexcept {
  if (a.never != b.never) return a.never;
  return a.retry_after_ms > b.retry_after_ms;
}

/// Least remaining, then lowest limit: the scope a client would hit first.
void keep_tightest(std::optional<RateWindowState>& best, const RateWindowState& candidate) {
  if (!best || candidate.remaining < best->remaining ||
      (candidate.remaining == best->remaining && candidate.limit < best->limit)) {
    best = candidate;
  }
}

RateWindowState window_state(const RollingWindow& window, std::int64_t limit, std::int64_t now) {
  return {limit, std::max<std::int64_t>(0, limit - window.total()), window.reset_ms(now)};
}

}  // namespace

struct alignas(64) MemoryCounterStore::Shard {
  mutable std::mutex mutex;
  ScopeMap scopes;
  std::int64_t last_sweep_ms = kNoPeriod;

  void maybe_sweep(std::int64_t now) {
    if (last_sweep_ms != kNoPeriod && now - last_sweep_ms < RollingWindow::kWindowMs) return;
    last_sweep_ms = now;
    for (auto it = scopes.begin(); it != scopes.end();) {
      it->second.advance(now);
      it = it->second.idle(now) ? scopes.erase(it) : std::next(it);
    }
  }
};

/// The distinct shards of one call, locked in ascending order (the only order anyone
/// locks two shards in, so two reserves cannot deadlock), unlocked on destruction.
struct MemoryCounterStore::Locked {
  std::array<Shard*, kMaxScopes> held{};
  std::size_t count = 0;

  Locked(Shard* shards, std::span<const std::size_t> wanted, std::int64_t now) noexcept {
    for (const std::size_t s : wanted) {  // Insertion into a sorted set of at most 6.
      Shard* shard = shards + s;
      std::size_t at = count;
      while (at > 0 && held[at - 1] > shard) --at;
      if (at > 0 && held[at - 1] == shard) continue;
      for (std::size_t k = count; k > at; --k) held[k] = held[k - 1];
      held[at] = shard;
      ++count;
    }
    for (std::size_t i = 0; i < count; ++i) {
      held[i]->mutex.lock();
      held[i]->maybe_sweep(now);
    }
  }
  ~Locked() {
    for (std::size_t i = count; i > 0; --i) held[i - 1]->mutex.unlock();
  }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;
};

MemoryCounterStore::MemoryCounterStore(const WallClock& clock, std::size_t shards)
    : clock_(clock),
      shard_count_(std::bit_ceil(std::max<std::size_t>(1, shards))),
      shards_(std::make_unique<Shard[]>(shard_count_)) {}

MemoryCounterStore::~MemoryCounterStore() = default;

std::size_t MemoryCounterStore::shard_of(std::size_t h) const noexcept {
  // The map buckets by the same hash: mixing keeps shard and bucket from sharing low bits.
  return ((h >> 17) ^ (h * 0x9E3779B97F4A7C15ULL >> 32)) & (shard_count_ - 1);
}

boost::asio::awaitable<ReserveResult> MemoryCounterStore::reserve(const ReserveRequest& request) {
  co_return reserve_now(request);
}

boost::asio::awaitable<SettleResult> MemoryCounterStore::settle(Reservation& reservation,
                                                                std::int64_t actual_tokens,
                                                                pico_usd actual_cost) {
  co_return settle_now(reservation, actual_tokens, actual_cost);
}

ReserveResult MemoryCounterStore::reserve_now(const ReserveRequest& request) {
  ReserveResult result;
  if (request.scopes.size() > kMaxScopes || request.tokens < 0 || request.cost < 0) {
    return result;  // A caller bug: unavailable lets the configured fail mode decide.
  }
  // Only limited scopes are stored and counted.
  std::array<std::size_t, kMaxScopes> index{};  // into request.scopes
  std::array<std::size_t, kMaxScopes> hash{};
  std::array<std::size_t, kMaxScopes> shard{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < request.scopes.size(); ++i) {
    if (!request.scopes[i].limits.any()) continue;
    index[n] = i;
    hash[n] = hash_scope(request.scopes[i].scope);
    shard[n] = shard_of(hash[n]);
    ++n;
  }
  const std::int64_t now = clock_.now_ms();
  const Locked locked(shards_.get(), std::span(shard.data(), n), now);

  std::array<ScopeState*, kMaxScopes> state{};
  std::optional<Denial> denial;
  const auto deny = [&](std::size_t scope_index, LimitReason reason, std::int64_t wait) {
    const Denial candidate{scope_index, reason, wait < 0 ? 0 : wait, wait < 0};
    if (!denial || worse(candidate, *denial)) denial = candidate;
  };
  for (std::size_t j = 0; j < n; ++j) {
    const ScopeCheck& check = request.scopes[index[j]];
    ScopeMap& map = shards_[shard[j]].scopes;
    auto it = map.find(HashedScope{check.scope, hash[j]});
    if (it == map.end()) {
      it = map.emplace(OwnedScope{check.scope.kind, std::string(check.scope.id),
                                  std::string(check.scope.sub), hash[j]},
                       ScopeState{})
               .first;
    }
    ScopeState& s = *(state[j] = &it->second);
    const governance::RateLimits& rate = check.limits.rate;
    s.advance(now);
    if (rate.rpm > 0 && !s.requests.fits(1, rate.rpm)) {
      deny(index[j], LimitReason::rpm, s.requests.wait_ms(now, 1, rate.rpm));
    }
    if (rate.tpm > 0 && !s.tokens.fits(request.tokens, rate.tpm)) {
      deny(index[j], LimitReason::tpm, s.tokens.wait_ms(now, request.tokens, rate.tpm));
    }
    if (rate.max_parallel > 0 && s.in_flight >= rate.max_parallel) {
      deny(index[j], LimitReason::parallel, kParallelRetryMs);
    }
    if (const governance::Budget& budget = check.limits.budget; budget.set()) {
      s.roll_budget(budget.period, now);
      s.budget.set_amount(budget.amount);
      const pico_usd used = s.budget.settled + s.budget.pending;
      if (used >= budget.amount || request.cost > budget.amount - used) {
        const bool never = request.cost > budget.amount || budget.period == BudgetPeriod::total;
        deny(index[j], LimitReason::budget, never ? -1 : s.budget.period_end - now);
      }
    }
  }

  const bool admitted = !denial;
  if (admitted) {
    Reservation::Builder::start(result.reservation, next_id_.fetch_add(1), now, request.tokens,
                                request.cost);
  }
  for (std::size_t j = 0; j < n; ++j) {
    const ScopeCheck& check = request.scopes[index[j]];
    const governance::RateLimits& rate = check.limits.rate;
    ScopeState& s = *state[j];
    if (admitted) {
      Reservation::Slot slot{check.scope, kCountedParallel, check.limits.budget.period};
      ++s.in_flight;
      if (rate.rpm > 0) s.requests.add(1), slot.counted |= kCountedRequests;
      if (rate.tpm > 0) s.tokens.add(request.tokens), slot.counted |= kCountedTokens;
      if (check.limits.budget.set())
        s.budget.pending += request.cost, slot.counted |= kCountedBudget;
      Reservation::Builder::add(result.reservation, slot);
    }
    if (rate.rpm > 0) keep_tightest(result.requests, window_state(s.requests, rate.rpm, now));
    if (rate.tpm > 0) keep_tightest(result.tokens, window_state(s.tokens, rate.tpm, now));
  }
  if (admitted) {
    result.status = ReserveStatus::admitted;
  } else {
    result.status = ReserveStatus::denied;
    result.denial = *denial;
  }
  return result;
}

SettleResult MemoryCounterStore::settle_now(Reservation& reservation, std::int64_t actual_tokens,
                                            pico_usd actual_cost) {
  SettleResult result;
  settle_into(reservation, actual_tokens, actual_cost, result);
  return result;
}

void MemoryCounterStore::settle_into(Reservation& reservation, std::int64_t actual_tokens,
                                     pico_usd actual_cost, SettleResult& result) {
  result.status = SettleStatus::empty;
  result.crossing_count = 0;
  if (reservation.empty()) return;
  if (actual_tokens < 0) actual_tokens = reservation.tokens();
  if (actual_cost < 0) actual_cost = reservation.cost();
  const std::span<const Reservation::Slot> slots = reservation.slots();
  std::array<std::size_t, kMaxScopes> hash{};
  std::array<std::size_t, kMaxScopes> shard{};
  for (std::size_t j = 0; j < slots.size(); ++j) {
    hash[j] = hash_scope(slots[j].scope);
    shard[j] = shard_of(hash[j]);
  }
  const std::int64_t now = clock_.now_ms();
  {
    const Locked locked(shards_.get(), std::span(shard.data(), slots.size()), now);
    for (std::size_t j = 0; j < slots.size(); ++j) {
      const Reservation::Slot& slot = slots[j];
      ScopeMap& map = shards_[shard[j]].scopes;
      const auto it = map.find(HashedScope{slot.scope, hash[j]});
      if (it == map.end()) continue;  // Cannot happen: in-flight scopes are never swept.
      ScopeState& s = it->second;
      s.advance(now);
      if (slot.counted & kCountedParallel) s.in_flight = std::max<std::int64_t>(0, s.in_flight - 1);
      if (slot.counted & kCountedTokens) {
        const std::int64_t delta = actual_tokens - reservation.tokens();
        if (!s.tokens.adjust(reservation.at_ms(), delta) && delta > 0) s.tokens.add(delta);
      }
      if (slot.counted & kCountedBudget) {
        const BudgetState& b = s.budget;
        if (!b.started || b.period != slot.period || reservation.at_ms() < b.period_start ||
            reservation.at_ms() >= b.period_end) {
          continue;  // That period has ended: its spend is in the spend records, not here.
        }
        s.budget.pending = std::max<pico_usd>(0, s.budget.pending - reservation.cost());
        const pico_usd before = s.budget.settled;
        s.budget.settled += actual_cost;
        for (std::size_t k = 0; k < 3; ++k) {
          const pico_usd threshold = s.budget.thresholds[k];
          if (before < threshold && s.budget.settled >= threshold) {
            result.crossing_storage[result.crossing_count++] =
                ThresholdCrossing{j, kThresholdPercents[k], s.budget.settled, s.budget.amount};
          }
        }
      }
    }
  }
  Reservation::Builder::consume(reservation);
  result.status = SettleStatus::settled;
}

std::size_t MemoryCounterStore::scope_count() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    const std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].scopes.size();
  }
  return total;
}

}  // namespace llmgw::store
