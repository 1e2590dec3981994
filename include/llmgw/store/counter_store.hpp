#pragma once
// The counter store: rate windows, concurrency and budgets for every scope a request is
// counted against, behind one contract with a memory backend (one instance) and a Redis
// backend (several instances). One reserve call checks and counts all scopes at once,
// all or nothing; one settle call replaces estimates by actuals. Each is one atomic step
// (a mutex per shard in memory, one Lua script in Redis), so concurrent requests cannot
// slip between a check and its count.
//
// Time belongs to the store (the Redis backend reads the server's TIME so instances with
// skewed clocks share one window): callers pass no timestamps.
//
// Redis mapping (what one round trip per call must do; keys share one hash tag so a script
// may touch them all in a cluster):
//   rate  {llmgw}:w:<kind>:<id>[:<sub>]:<r|t>:<bucket>  integer, EXPIRE 2 windows; reserve
//         MGETs the 61 buckets of each limited scope (or keeps a running total per scope)
//   in-flight {llmgw}:p:<scope>  ZSET of reservation ids scored by lease expiry, so an
//         instance that dies does not hold concurrency forever (ZREMRANGEBYSCORE, ZCARD)
//   budget {llmgw}:b:<scope>:<period start>  HASH settled, pending, amount; EXPIRE after
//         the period ends (never for `total`)
//   idempotency {llmgw}:s:<reservation id>  SET NX with a TTL: a settle retried after a lost
//         reply applies once
// The admission rules below are the backend-independent definition; the Redis script
// must implement exactly them (tests run one suite against both).

#include <algorithm>
#include <array>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "llmgw/governance/limits.hpp"

namespace llmgw::store {

using governance::pico_usd;

/// Most scopes one reservation may count against (global, team, key, model, key×model,
/// deployment).
inline constexpr std::size_t kMaxScopes = 6;

/// A scope and the ceilings that apply to it for this request. Scopes without any limit
/// are skipped (nothing is counted for them).
struct ScopeCheck {
  governance::ScopeRef scope;
  governance::ScopeLimits limits;
};

struct ReserveRequest {
  /// At most kMaxScopes, each scope once. Caller-owned; read during the call only (the
  /// reservation copies the scope views, whose strings must live until settle).
  std::span<const ScopeCheck> scopes;
  std::int64_t tokens = 0;  ///< Estimated prompt tokens + max completion tokens (>= 0).
  pico_usd cost = 0;        ///< Estimated cost (>= 0); 0 when unpriced.
};

enum class LimitReason : std::uint8_t { rpm, tpm, parallel, budget };

std::string_view to_string(LimitReason reason) noexcept;

/// One counted dimension of one scope, as OpenAI's x-ratelimit-* headers show it.
struct RateWindowState {
  std::int64_t limit = 0;
  std::int64_t remaining = 0;  ///< After this request when admitted; never negative.
  std::int64_t reset_ms = 0;   ///< Until the window is empty (format_openai_duration).
};

/// What the store counted for one scope of a reservation (bits of Reservation::Slot::counted).
enum CountedBits : std::uint8_t {
  kCountedRequests = 1,
  kCountedTokens = 2,
  kCountedParallel = 4,
  kCountedBudget = 8,
};

/// An admitted request's claim, from reserve to settle. Move-only and consumed by settle,
/// so a copy cannot settle twice; a default or settled one is empty. Backend-neutral: it
/// names its scopes and what was counted for each, so any instance's store can settle it.
/// A reservation dropped without settle keeps its concurrency slot (memory backend: until
/// restart; Redis: until its lease expires), so completion must always settle. About 330
/// bytes: it lives in the request's context from reserve to on_complete.
class Reservation {
 public:
  struct Slot {
    governance::ScopeRef scope;
    std::uint8_t counted = 0;  ///< CountedBits.
    governance::BudgetPeriod period = governance::BudgetPeriod::total;
  };

  Reservation() = default;
  Reservation(Reservation&& other) noexcept { *this = std::move(other); }
  Reservation& operator=(Reservation&& other) noexcept {
    id_ = other.id_, at_ms_ = other.at_ms_, tokens_ = other.tokens_, cost_ = other.cost_;
    count_ = other.count_;
    std::copy_n(other.slots_.begin(), count_, slots_.begin());  // Not the unused ones.
    other.id_ = 0;
    return *this;
  }
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;

  bool empty() const noexcept { return id_ == 0; }
  std::uint64_t id() const noexcept { return id_; }
  std::int64_t at_ms() const noexcept { return at_ms_; }  ///< Store time at admission.
  std::int64_t tokens() const noexcept { return tokens_; }
  pico_usd cost() const noexcept { return cost_; }
  /// Still readable once consumed (threshold crossings of the settle name a slot).
  std::span<const Slot> slots() const noexcept { return {slots_.data(), count_}; }

  /// For backends: fill a new reservation and mark one consumed.
  struct Builder;
  friend struct Builder;

 private:
  std::uint64_t id_ = 0;
  std::int64_t at_ms_ = 0;
  std::int64_t tokens_ = 0;
  pico_usd cost_ = 0;
  std::array<Slot, kMaxScopes> slots_;
  std::size_t count_ = 0;
};

struct Reservation::Builder {
  static void start(Reservation& r, std::uint64_t id, std::int64_t at_ms, std::int64_t tokens,
                    pico_usd cost) noexcept {
    r.id_ = id, r.at_ms_ = at_ms, r.tokens_ = tokens, r.cost_ = cost, r.count_ = 0;
  }
  static void add(Reservation& r, const Slot& slot) noexcept { r.slots_[r.count_++] = slot; }
  static void consume(Reservation& r) noexcept { r.id_ = 0; }
};

struct Denial {
  std::size_t scope_index = 0;  ///< Into ReserveRequest::scopes.
  LimitReason reason = LimitReason::rpm;
  /// How long until this request could be admitted if nothing else changed: the longest
  /// wait over every denying scope (that is when all of them would admit it).
  std::int64_t retry_after_ms = 0;
  /// Waiting alone will not help: the request is larger than the scope's limit (tokens over
  /// TPM, estimated cost over the budget) or a `total` budget is spent.
  bool never = false;
};

enum class ReserveStatus : std::uint8_t {
  admitted,
  denied,
  unavailable,  ///< The backend could not answer in time: the caller applies its fail mode.
};

struct ReserveResult {
  ReserveStatus status = ReserveStatus::unavailable;
  Reservation reservation;  ///< admitted: settle it exactly once.
  Denial denial;            ///< denied.
  /// The tightest limited scopes (least remaining; ties: lowest limit) for the x-ratelimit
  /// headers; set on admission and denial when any scope has that limit.
  std::optional<RateWindowState> requests;
  std::optional<RateWindowState> tokens;
};

/// A budget's settled spend reached `percent` of its amount (50, 80 or 100) in this settle.
/// Settled spend only grows within a period, so each threshold is reported once per period.
struct ThresholdCrossing {
  std::size_t slot_index;  ///< Into Reservation::slots().
  int percent;
  pico_usd spent;  ///< Settled spend in the period after this settle.
  pico_usd amount;
};

enum class SettleStatus : std::uint8_t {
  settled,
  empty,        ///< Nothing to do: already settled, or never admitted.
  unavailable,  ///< The backend could not answer; the reservation is left as it was.
};

struct SettleResult {
  SettleStatus status = SettleStatus::empty;
  /// Only the first crossing_count are set (left uninitialised: settle is on the hot path).
  std::array<ThresholdCrossing, kMaxScopes * 3> crossing_storage;
  std::size_t crossing_count = 0;
  std::span<const ThresholdCrossing> crossings() const noexcept {
    return {crossing_storage.data(), crossing_count};
  }
};

/// Shared by all worker threads. Implementations never block a worker beyond their own
/// short critical sections or a bounded network call.
class CounterStore {
 public:
  virtual ~CounterStore() = default;

  /// Admits the request at every scope or at none. For each limited scope, in one step:
  /// RPM: window + 1 <= rpm; TPM: window + request.tokens <= tpm; parallel: in flight + 1
  /// <= max_parallel; budget: spent + pending + request.cost <= amount and spent + pending
  /// < amount (a spent budget admits nothing, even unpriced requests). On admission all of
  /// them are counted and the reservation says what was; on denial nothing is counted.
  /// `request.scopes` must hold at most kMaxScopes scopes, each once.
  /// Name the request in a local before awaiting (GCC 12 coroutine temporaries).
  virtual boost::asio::awaitable<ReserveResult> reserve(const ReserveRequest& request) = 0;

  /// Replaces the reservation's estimates by actuals (either may be higher or lower; -1
  /// keeps the estimate) and releases its concurrency; consumes the reservation (a second
  /// settle is `empty`). Tokens are moved within the bucket of admission while it is in the
  /// window; after that only an excess over the estimate is added, to the current bucket.
  /// Cost goes to the budget period of admission; if that period has ended, its spend is
  /// not carried into the new one (the spend records keep it).
  virtual boost::asio::awaitable<SettleResult> settle(Reservation& reservation,
                                                      std::int64_t actual_tokens,
                                                      pico_usd actual_cost) = 0;

  /// reserve() and settle() for a store that answers without waiting (the memory store):
  /// true when `out` holds the answer. Each coroutine call costs a frame from Asio's
  /// recycling allocator, and with two more per request its cache spills to memalign
  /// (docs/benchmarks.md, cost of limits). A store that waits (Redis) returns false.
  virtual bool reserve_at_once(const ReserveRequest& /*request*/, ReserveResult& /*out*/) {
    return false;
  }
  virtual bool settle_at_once(Reservation& /*reservation*/, std::int64_t /*actual_tokens*/,
                              pico_usd /*actual_cost*/, SettleResult& /*out*/) {
    return false;
  }
};

}  // namespace llmgw::store
