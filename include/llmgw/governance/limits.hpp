#pragma once
// What governance counts and against what: scopes, per-scope ceilings, budget periods, and
// the pure rules around them (a key may only narrow its team; where a period starts and
// ends; how OpenAI spells a reset time). No state and no clock: the counter store applies
// these, so memory and Redis backends share one definition.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"

namespace llmgw::governance {

/// Money in pico-USD (1e-12 USD). A stand-in until governance/money.hpp's Money lands; both
/// are an int64 count of pico-USD, so the switch is a type change, not a unit change.
using pico_usd = std::int64_t;

enum class ScopeKind : std::uint8_t { global, team, key, model, key_model, deployment };

/// Short lowercase label ("key_model"): metric labels, log fields, store key prefixes.
std::string_view to_string(ScopeKind kind) noexcept;

/// One counter scope. Views, not strings: a reservation carries its scopes from reserve to
/// settle without allocating, so `id` and `sub` must outlive the reservation (point them
/// into the request's snapshot or principal).
struct ScopeRef {
  ScopeKind kind = ScopeKind::global;
  std::string_view id;   ///< Team, key, model or deployment name; empty for global.
  std::string_view sub;  ///< key_model: the model (id is the key); empty otherwise.

  static ScopeRef global() noexcept { return {}; }
  static ScopeRef team(std::string_view team_id) noexcept { return {ScopeKind::team, team_id, {}}; }
  static ScopeRef key(std::string_view key_id) noexcept { return {ScopeKind::key, key_id, {}}; }
  static ScopeRef model(std::string_view name) noexcept { return {ScopeKind::model, name, {}}; }
  static ScopeRef key_model(std::string_view key_id, std::string_view model_name) noexcept {
    return {ScopeKind::key_model, key_id, model_name};
  }
  static ScopeRef deployment(std::string_view name) noexcept {
    return {ScopeKind::deployment, name, {}};
  }
  friend bool operator==(const ScopeRef&, const ScopeRef&) = default;
};

/// Rate ceilings of one scope; 0 means "no limit here".
struct RateLimits {
  std::int64_t rpm = 0;           ///< Requests admitted per rolling 60 s.
  std::int64_t tpm = 0;           ///< Tokens (prompt + completion) per rolling 60 s.
  std::int64_t max_parallel = 0;  ///< Reservations not yet settled.
  friend bool operator==(const RateLimits&, const RateLimits&) = default;
};

/// Budget periods start at 00:00 UTC: every day, every Monday, every 1st; `total` never
/// resets.
enum class BudgetPeriod : std::uint8_t { day, week, month, total };

std::string_view to_string(BudgetPeriod period) noexcept;

struct Budget {
  pico_usd amount = 0;  ///< 0: no budget.
  BudgetPeriod period = BudgetPeriod::month;
  bool set() const noexcept { return amount > 0; }
  friend bool operator==(const Budget&, const Budget&) = default;
};

struct ScopeLimits {
  RateLimits rate;
  Budget budget;
  bool any() const noexcept {
    return rate.rpm > 0 || rate.tpm > 0 || rate.max_parallel > 0 || budget.set();
  }
  friend bool operator==(const ScopeLimits&, const ScopeLimits&) = default;
};

/// A key's effective limits: what the key sets, and the team's value where it sets nothing.
/// A key may only narrow: a key value above its team's is an error naming the field (the
/// admin API's 400). Budgets compare amounts whatever their periods (a key may not be
/// allowed more in one of its periods than the team has in one of its own); the key's own
/// period is kept. The store counts the team and key scopes separately, so this view is for
/// validation and display; enforcement does not depend on it.
Result<ScopeLimits> narrow_to_key(const ScopeLimits& team, const ScopeLimits& key);

/// [start, end) of the budget period holding `unix_ms`, in UTC milliseconds. `total` is
/// [min, max] of int64.
struct PeriodBounds {
  std::int64_t start_ms = std::numeric_limits<std::int64_t>::min();
  std::int64_t end_ms = std::numeric_limits<std::int64_t>::max();
};
PeriodBounds budget_period(BudgetPeriod period, std::int64_t unix_ms) noexcept;

/// A duration as OpenAI's x-ratelimit-reset-* headers spell it (Go's Duration format at
/// millisecond precision): "0s", "20ms", "1s", "1.5s", "6m0s", "1h2m3s". Negative is "0s".
std::string format_openai_duration(std::int64_t ms);

/// Room for the longest duration: 13 digits of hours for INT64_MAX ms, then "h59m59.999s".
using OpenAIDurationBuffer = std::array<char, 32>;

/// format_openai_duration written into `buffer`, without allocating; the view points into it.
std::string_view write_openai_duration(std::int64_t ms, OpenAIDurationBuffer& buffer) noexcept;

}  // namespace llmgw::governance
