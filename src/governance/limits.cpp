#include "llmgw/governance/limits.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <utility>

namespace llmgw::governance {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Howard Hinnant's civil-calendar algorithms (public domain): proleptic Gregorian, exact
// for every int64 day count we can meet, and free of time-zone databases.
struct Civil {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

Civil civil_from_days(std::int64_t days) noexcept {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// Key value `key` against team value `team` for a ceiling where 0 means none.
std::optional<Error> narrow_field(std::string_view field, std::int64_t team, std::int64_t key,
                                  std::int64_t& out) {
  if (key < 0) {
    return Error::invalid_request(
        "Invalid key limit '" + std::string(field) + "': must not be negative.", std::string(field),
        "invalid_value");
  }
  if (key == 0) {
    out = team;
    return std::nullopt;
  }
  if (team > 0 && key > team) {
    return Error::invalid_request("Key limit '" + std::string(field) + "' (" + std::to_string(key) +
                                      ") is wider than its team's (" + std::to_string(team) +
                                      "): a key may only narrow its team's limits.",
                                  std::string(field), "limit_wider_than_team");
  }
  out = key;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ScopeKind kind) noexcept {
  switch (kind) {
    case ScopeKind::global: return "global";
    case ScopeKind::team: return "team";
    case ScopeKind::key: return "key";
    case ScopeKind::model: return "model";
    case ScopeKind::key_model: return "key_model";
    case ScopeKind::deployment: return "deployment";
  }
  return "unknown";
}

std::string_view to_string(BudgetPeriod period) noexcept {
  switch (period) {
    case BudgetPeriod::day: return "day";
    case BudgetPeriod::week: return "week";
    case BudgetPeriod::month: return "month";
    case BudgetPeriod::total: return "total";
  }
  return "unknown";
}

Result<ScopeLimits> narrow_to_key(const ScopeLimits& team, const ScopeLimits& key) {
  ScopeLimits out;
  if (auto error = narrow_field("rpm", team.rate.rpm, key.rate.rpm, out.rate.rpm)) {
    return std::move(*error);
  }
  if (auto error = narrow_field("tpm", team.rate.tpm, key.rate.tpm, out.rate.tpm)) {
    return std::move(*error);
  }
  if (auto error = narrow_field("max_parallel", team.rate.max_parallel, key.rate.max_parallel,
                                out.rate.max_parallel)) {
    return std::move(*error);
  }
  if (auto error =
          narrow_field("budget", team.budget.amount, key.budget.amount, out.budget.amount)) {
    return std::move(*error);
  }
  out.budget.period = key.budget.set() ? key.budget.period : team.budget.period;
  return out;
}

PeriodBounds budget_period(BudgetPeriod period, std::int64_t unix_ms) noexcept {
  const std::int64_t day = floor_div(unix_ms, kDayMs);
  switch (period) {
    case BudgetPeriod::day: return {day * kDayMs, (day + 1) * kDayMs};
    case BudgetPeriod::week: {
      // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
      const std::int64_t monday = day - (((day + 3) % 7) + 7) % 7;
      return {monday * kDayMs, (monday + 7) * kDayMs};
    }
    case BudgetPeriod::month: {
      const Civil c = civil_from_days(day);
      const std::int64_t first = days_from_civil(c.year, c.month, 1);
      const std::int64_t next = c.month == 12 ? days_from_civil(c.year + 1, 1, 1)
                                              : days_from_civil(c.year, c.month + 1, 1);
      return {first * kDayMs, next * kDayMs};
    }
    case BudgetPeriod::total: return {};
  }
  return {};
}

namespace {

char* write_number(char* out, std::int64_t value) {
  return std::to_chars(out, out + 20, value).ptr;
}

}  // namespace

// Two of these go into every limited response, so no snprintf (it was half the cost of the
// x-ratelimit-* headers) and no string.
std::string_view write_openai_duration(std::int64_t ms, OpenAIDurationBuffer& buffer) noexcept {
  char* const begin = buffer.data();
  char* out = begin;
  const auto view = [&] { return std::string_view(begin, static_cast<std::size_t>(out - begin)); };
  if (ms <= 0) {
    *out++ = '0';
    *out++ = 's';
    return view();
  }
  if (ms < 1000) {
    out = write_number(out, ms);
    *out++ = 'm';
    *out++ = 's';
    return view();
  }
  const std::int64_t hours = ms / 3'600'000;
  const std::int64_t minutes = ms / 60'000 % 60;
  const std::int64_t seconds = ms / 1000 % 60;
  const std::int64_t millis = ms % 1000;
  if (hours > 0) {
    out = write_number(out, hours);
    *out++ = 'h';
  }
  if (hours > 0 || minutes > 0) {
    out = write_number(out, minutes);
    *out++ = 'm';
  }
  out = write_number(out, seconds);
  if (millis > 0) {
    // Go trims trailing fraction zeros: 1.5s, not 1.500s.
    const char fraction[4] = {'.', static_cast<char>('0' + millis / 100),
                              static_cast<char>('0' + millis / 10 % 10),
                              static_cast<char>('0' + millis % 10)};
    std::size_t length = 4;
    while (fraction[length - 1] == '0') --length;
    out = std::copy_n(fraction, length, out);
  }
  *out++ = 's';
  return view();
}

std::string format_openai_duration(std::int64_t ms) {
  OpenAIDurationBuffer buffer;
  return std::string(write_openai_duration(ms, buffer));
}

}  // namespace llmgw::governance
