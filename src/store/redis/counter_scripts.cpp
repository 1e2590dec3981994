#include "store/redis/counter_scripts.hpp"

#include <string_view>

namespace llmgw::store::redis {
namespace {

// Shared by both scripts: the clock, RollingWindow (rolling_window.hpp) over a HASH, and
// governance::budget_period (limits.hpp). Integers go to Redis through int(): a Lua
// number would be formatted as "1e+16" once large.
constexpr std::string_view kPrelude = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local floor = math.floor
local BUCKET_MS, BUCKETS, SLOTS = 1000, 60, 61
local WINDOW_TTL_MS, DAY_MS = 120000, 86400000

local function int(x) return string.format('%d', x) end

local function clock(arg)
  if arg ~= '' then return tonumber(arg) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + floor(tonumber(t[2]) / 1000)
end

local function win_load(key)
  local v = redis.call('HMGET', key, 'h', 't')
  return {key = key, head = tonumber(v[1]), total = tonumber(v[2]) or 0}
end

-- h and t are never deleted, so HDEL cannot empty the hash and drop its TTL.
local function win_advance(w, now)
  local k = floor(now / BUCKET_MS)
  if w.head == nil then
    w.head, w.total = k, 0
    return
  end
  if k <= w.head then return end
  if k - w.head > BUCKETS then
    redis.call('DEL', w.key)
    w.total = 0
  else
    local gone = {}
    for j = w.head + 1, k do gone[#gone + 1] = int(j - SLOTS) end
    local v = redis.call('HMGET', w.key, unpack(gone))
    for i = 1, #gone do w.total = w.total - (tonumber(v[i]) or 0) end
    redis.call('HDEL', w.key, unpack(gone))
    redis.call('HSET', w.key, 'h', int(k), 't', int(w.total))
  end
  w.head = k
end

local function win_fits(w, amount, limit) return w.total <= limit - amount end

local function win_add(w, amount)
  if amount ~= 0 then redis.call('HINCRBY', w.key, int(w.head), int(amount)) end
  w.total = w.total + amount
  redis.call('HSET', w.key, 'h', int(w.head), 't', int(w.total))
  redis.call('PEXPIRE', w.key, WINDOW_TTL_MS)
end

local function win_adjust(w, at, delta)
  local k = floor(at / BUCKET_MS)
  if w.head == nil or k > w.head or k < w.head - BUCKETS then return false end
  local slot = tonumber(redis.call('HGET', w.key, int(k))) or 0
  local value = math.max(0, slot + delta)
  w.total = w.total + value - slot
  redis.call('HSET', w.key, int(k), int(value), 'h', int(w.head), 't', int(w.total))
  redis.call('PEXPIRE', w.key, WINDOW_TTL_MS)
  return true
end

local function leaves_at(k) return (k + SLOTS) * BUCKET_MS end

local function win_wait(w, now, amount, limit)
  if amount > limit then return -1 end
  if win_fits(w, amount, limit) then return 0 end
  local fields = {}
  for k = w.head - BUCKETS, w.head do fields[#fields + 1] = int(k) end
  local v = redis.call('HMGET', w.key, unpack(fields))
  local remaining = w.total
  for i = 1, #fields do
    remaining = remaining - (tonumber(v[i]) or 0)
    if remaining <= limit - amount then
      return math.max(0, leaves_at(w.head - BUCKETS + i - 1) - now)
    end
  end
  return math.max(0, leaves_at(w.head) - now)
end

local function win_reset(w, now)
  if w.head == nil or w.total == 0 then return 0 end
  for k = w.head, w.head - BUCKETS, -1 do
    if (tonumber(redis.call('HGET', w.key, int(k))) or 0) ~= 0 then
      return math.max(0, leaves_at(k) - now)
    end
  end
  return 0
end

-- Howard Hinnant's civil-calendar algorithms, as in limits.cpp.
local function civil_from_days(z)
  z = z + 719468
  local era = floor(z / 146097)
  local doe = z - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local m = mp < 10 and mp + 3 or mp - 9
  return yoe + era * 400 + (m <= 2 and 1 or 0), m
end

local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local doy = floor((153 * (m > 2 and m - 3 or m + 9) + 2) / 5) + d - 1
  return era * 146097 + yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy - 719468
end

-- The budget hash of the period holding `ms`, and that period's end (nil for total).
local function budget_key(prefix, scope, period, ms)
  if period == 't' then return prefix .. ':b:' .. scope .. ':t', nil end
  local day = floor(ms / DAY_MS)
  local first, after
  if period == 'd' then
    first, after = day, day + 1
  elseif period == 'w' then
    first = day - (day + 3) % 7  -- 1970-01-01 was a Thursday.
    after = first + 7
  else
    local y, m = civil_from_days(day)
    first = days_from_civil(y, m, 1)
    after = m == 12 and days_from_civil(y + 1, 1, 1) or days_from_civil(y, m + 1, 1)
  end
  return prefix .. ':b:' .. scope .. ':' .. period .. ':' .. int(first * DAY_MS), after * DAY_MS
end
)lua";

// Checks every scope, then counts in every scope or in none (counter_store.hpp).
constexpr std::string_view kReserve = R"lua(
local now = clock(ARGV[1])
local tokens, cost, lease = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local prefix, n = ARGV[5], tonumber(ARGV[6])
local PASSED = -2
local scopes, denied = {}, false
for j = 1, n do
  local a = 6 + (j - 1) * 6
  local s = {name = ARGV[a + 1], rpm = tonumber(ARGV[a + 2]), tpm = tonumber(ARGV[a + 3]),
             parallel = tonumber(ARGV[a + 4]), amount = tonumber(ARGV[a + 5]),
             period = ARGV[a + 6], wait = {PASSED, PASSED, PASSED, PASSED}}
  s.in_flight = prefix .. ':p:' .. s.name
  if s.rpm > 0 then
    s.requests = win_load(prefix .. ':w:' .. s.name .. ':r')
    win_advance(s.requests, now)
    if not win_fits(s.requests, 1, s.rpm) then s.wait[1] = win_wait(s.requests, now, 1, s.rpm) end
  end
  if s.tpm > 0 then
    s.tokens = win_load(prefix .. ':w:' .. s.name .. ':t')
    win_advance(s.tokens, now)
    if not win_fits(s.tokens, tokens, s.tpm) then
      s.wait[2] = win_wait(s.tokens, now, tokens, s.tpm)
    end
  end
  redis.call('ZREMRANGEBYSCORE', s.in_flight, '-inf', int(now))  -- Expired leases.
  if s.parallel > 0 and redis.call('ZCARD', s.in_flight) >= s.parallel then
    s.wait[3] = PARALLEL_RETRY_MS
  end
  if s.amount > 0 then
    s.budget, s.period_end = budget_key(prefix, s.name, s.period, now)
    local v = redis.call('HMGET', s.budget, 'settled', 'pending')
    local used = (tonumber(v[1]) or 0) + (tonumber(v[2]) or 0)
    if used >= s.amount or cost > s.amount - used then
      local never = cost > s.amount or s.period == 't'
      s.wait[4] = never and -1 or s.period_end - now
      if v[1] or v[2] then redis.call('HSET', s.budget, 'amount', int(s.amount)) end
    end
  end
  for k = 1, 4 do
    if s.wait[k] ~= PASSED then denied = true end
  end
  scopes[j] = s
end

local id = 0
if not denied then
  id = redis.call('INCR', prefix .. ':id')
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now - SETTLE_HORIZON_MS))
  redis.call('ZADD', KEYS[1], int(now), int(id))
  redis.call('PEXPIRE', KEYS[1], SETTLE_HORIZON_MS)
  for j = 1, n do
    local s = scopes[j]
    redis.call('ZADD', s.in_flight, int(now + lease), int(id))
    redis.call('PEXPIRE', s.in_flight, int(lease))
    if s.requests then win_add(s.requests, 1) end
    if s.tokens then win_add(s.tokens, tokens) end
    if s.budget then
      redis.call('HINCRBY', s.budget, 'pending', int(cost))
      redis.call('HSET', s.budget, 'amount', int(s.amount))
      if s.period_end then
        redis.call('PEXPIRE', s.budget, int(s.period_end - now + SETTLE_HORIZON_MS))
      end
    end
  end
end

local out = {denied and 0 or 1, id, now}
for j = 1, n do
  local s = scopes[j]
  local requests_total, requests_reset, tokens_total, tokens_reset = 0, 0, 0, 0
  if s.requests then
    requests_total, requests_reset = s.requests.total, win_reset(s.requests, now)
  end
  if s.tokens then tokens_total, tokens_reset = s.tokens.total, win_reset(s.tokens, now) end
  for _, value in ipairs({requests_total, requests_reset, tokens_total, tokens_reset,
                          s.wait[1], s.wait[2], s.wait[3], s.wait[4]}) do
    out[#out + 1] = value
  end
end
return out
)lua";

// Applies once (the id leaves <p>:r), then per slot: release, move tokens, settle cost.
constexpr std::string_view kSettle = R"lua(
local now = clock(ARGV[1])
local id = ARGV[2]
if redis.call('ZREM', KEYS[1], id) == 0 then return {0, 0} end
local at = tonumber(ARGV[3])
local estimated_tokens, tokens = tonumber(ARGV[4]), tonumber(ARGV[5])
local estimated_cost, cost = tonumber(ARGV[6]), tonumber(ARGV[7])
local prefix, n = ARGV[8], tonumber(ARGV[9])
local out = {1, 0}
for j = 1, n do
  local a = 9 + (j - 1) * 3
  local name, counted, period = ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3]
  if counted % 8 >= 4 then redis.call('ZREM', prefix .. ':p:' .. name, id) end
  if counted % 4 >= 2 then
    local w = win_load(prefix .. ':w:' .. name .. ':t')
    win_advance(w, now)
    local delta = tokens - estimated_tokens
    if not win_adjust(w, at, delta) and delta > 0 then win_add(w, delta) end
  end
  if counted >= 8 then
    local key = budget_key(prefix, name, period, at)
    local v = redis.call('HMGET', key, 'settled', 'pending', 'amount')
    if v[3] then  -- Gone: the period of admission ended more than a day ago.
      local before = tonumber(v[1]) or 0
      local after = before + cost
      local pending = math.max(0, (tonumber(v[2]) or 0) - estimated_cost)
      redis.call('HSET', key, 'settled', int(after), 'pending', int(pending))
      local amount = tonumber(v[3])
      for _, percent in ipairs({50, 80, 100}) do
        local threshold = floor(amount / 100) * percent + floor(amount % 100 * percent / 100)
        if before < threshold and after >= threshold then
          out[2] = out[2] + 1
          for _, value in ipairs({j - 1, percent, after, amount}) do out[#out + 1] = value end
        end
      end
    end
  end
end
return out
)lua";

std::string constants() {
  return "local PARALLEL_RETRY_MS = " + std::to_string(kParallelRetryMs) +
         "\nlocal SETTLE_HORIZON_MS = " + std::to_string(kSettleHorizonMs) + "\n";
}

}  // namespace

std::string reserve_script() {
  return std::string(kPrelude) + constants() + std::string(kReserve);
}

std::string settle_script() {
  return std::string(kPrelude) + constants() + std::string(kSettle);
}

}  // namespace llmgw::store::redis
