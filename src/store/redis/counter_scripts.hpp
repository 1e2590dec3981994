#pragma once
// The two Lua scripts of the Redis counter store: the memory store's rules (counter_store.hpp,
// rolling_window.hpp, limits.hpp) in Lua, each run atomically by Redis in one round trip.
//
// Keys (<p> is the configured prefix, `{llmgw}` by default: one hash tag, so a cluster puts
// every key in one slot; <s> is a scope: `global`, `team:<id>`, `key_model:<key>:<model>`,
// with ':' and '%' in names percent-encoded):
//   <p>:w:<s>:r, <p>:w:<s>:t  HASH rolling window (requests, tokens): h = head bucket (unix
//       seconds), t = running total, <bucket> = count; PEXPIRE 120 s from the last write
//   <p>:p:<s>    ZSET reservation id -> lease expiry (ms): in flight at this scope
//   <p>:b:<s>:<d|w|m>:<period start ms>, <p>:b:<s>:t  HASH settled, pending, amount;
//       PEXPIRE period end + 24 h (settles of requests admitted in the period still land in
//       it); `total` never expires
//   <p>:r        ZSET reservation id -> admission ms: reservations not yet settled. Settle
//       applies only if it removes its id here, so a replayed settle applies once. Ids
//       older than 24 h are dropped.
//   <p>:id       the reservation id counter (INCR; no TTL)
// Time is the server's TIME unless ARGV[1] carries a test clock (milliseconds).
//
// Reserve: KEYS = {<p>:r}; ARGV = now|'', tokens, cost, lease ms, prefix, n, then per scope:
//   scope, rpm, tpm, max_parallel, budget amount, period (d|w|m|t).
//   Reply: {admitted 0|1, id, now ms, then per scope: requests total, requests reset ms,
//   tokens total, tokens reset ms, and the waits of its rpm, tpm, parallel and budget
//   checks: -2 passed, -1 never, else ms}.
// Settle: KEYS = {<p>:r}; ARGV = now|'', id, admitted at ms, estimated tokens, actual tokens,
//   estimated cost, actual cost, prefix, n, then per slot: scope, counted bits, period.
//   Reply: {1 applied | 0 already settled or unknown, count, then per threshold crossing:
//   slot index, percent, spent, amount}.
//
// Numbers: Lua 5.1 has doubles only, exact to 2^53. Tokens never come near; money in
// pico-USD is exact up to about 9,007 USD per budget period and off by at most a few
// pico-USD above that (one part in 10^16).

#include <cstdint>
#include <string>

namespace llmgw::store::redis {

/// Concurrency denials' Retry-After (as the memory store's): when a request ends is unknown.
inline constexpr std::int64_t kParallelRetryMs = 1000;
/// How long a settle may come after its reserve and still be applied.
inline constexpr std::int64_t kSettleHorizonMs = 86'400'000;

std::string reserve_script();
std::string settle_script();

}  // namespace llmgw::store::redis
