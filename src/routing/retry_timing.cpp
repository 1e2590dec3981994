#include "routing/retry_timing.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace llmgw::routing {
namespace {

// Beyond any sane wait; keeps the arithmetic below far from overflow.
constexpr double kMaxHintMillis = 24.0 * 3600 * 1000;

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A non-negative decimal ("12", "1.5"), whole text.
std::optional<double> decimal(std::string_view text) noexcept {
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  double value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<Millis> millis_of(double millis) noexcept {
  if (!(millis >= 0) || millis > kMaxHintMillis) return std::nullopt;
  return Millis(static_cast<std::int64_t>(std::ceil(millis)));
}

std::optional<int> digits(std::string_view text) noexcept {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// IMF-fixdate, the only HTTP date form RFC 9110 lets senders generate:
// "Sun, 06 Nov 1994 08:49:37 GMT" (exactly 29 characters).
std::optional<SystemTime> parse_http_date(std::string_view text) noexcept {
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto month = std::find(kMonths.begin(), kMonths.end(), text.substr(8, 3));
  const auto day = digits(text.substr(5, 2));
  const auto year = digits(text.substr(12, 4));
  const auto hour = digits(text.substr(17, 2));
  const auto minute = digits(text.substr(20, 2));
  const auto second = digits(text.substr(23, 2));
  if (month == kMonths.end() || !day || !year || !hour || !minute || !second || *day < 1 ||
      *day > 31 || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const auto month_number = static_cast<unsigned>(month - kMonths.begin() + 1);
  const std::int64_t days = days_from_civil(*year, month_number, static_cast<unsigned>(*day));
  const std::int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second;
  return SystemTime(std::chrono::seconds(seconds));
}

}  // namespace

Millis backoff_delay(const config::RetryPolicy& policy, unsigned retry, Rng& rng) noexcept {
  const auto base =
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, policy.base_backoff.count()));
  const auto cap =
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, policy.max_backoff.count()));
  // base * 2^retry, saturating at the cap without overflowing.
  std::uint64_t ceiling = base;
  for (unsigned i = 0; i < retry && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  return Millis(static_cast<std::int64_t>(rng.below(ceiling + 1)));
}

std::optional<Millis> parse_retry_after(std::string_view value, SystemTime now) noexcept {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (auto seconds = decimal(value)) return millis_of(*seconds * 1000.0);
  const auto date = parse_http_date(value);
  if (!date) return std::nullopt;
  if (*date <= now) return Millis(0);
  return millis_of(static_cast<double>(std::chrono::duration_cast<Millis>(*date - now).count()));
}

std::optional<Millis> parse_reset_duration(std::string_view value) noexcept {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (auto seconds = decimal(value)) return millis_of(*seconds * 1000.0);
  double total = 0;
  while (!value.empty()) {
    std::size_t number_end = 0;
    while (number_end < value.size() &&
           ((value[number_end] >= '0' && value[number_end] <= '9') || value[number_end] == '.')) {
      ++number_end;
    }
    const auto number = decimal(value.substr(0, number_end));
    if (!number) return std::nullopt;
    value.remove_prefix(number_end);
    double unit = 0;
    if (value.starts_with("ms")) {
      unit = 1;
      value.remove_prefix(2);
    } else if (value.starts_with("h")) {
      unit = 3600.0 * 1000;
      value.remove_prefix(1);
    } else if (value.starts_with("m")) {
      unit = 60.0 * 1000;
      value.remove_prefix(1);
    } else if (value.starts_with("s")) {
      unit = 1000;
      value.remove_prefix(1);
    } else {
      return std::nullopt;
    }
    total += *number * unit;
    if (total > kMaxHintMillis) return std::nullopt;
  }
  return millis_of(total);
}

std::optional<Millis> provider_retry_hint(const Headers& headers, SystemTime now) {
  if (auto ms = decimal(trim(find_header(headers, "retry-after-ms")))) return millis_of(*ms);
  if (auto after = parse_retry_after(find_header(headers, "retry-after"), now)) return after;
  std::optional<Millis> reset;
  for (std::string_view name : {"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"}) {
    const std::string_view value = find_header(headers, name);
    if (value.empty()) continue;
    if (auto wait = parse_reset_duration(value); wait && (!reset || *wait > *reset)) reset = wait;
  }
  return reset;
}

std::optional<Millis> retry_wait(const config::RetryPolicy& policy, unsigned retry,
                                 std::optional<Millis> hint, Rng& rng) noexcept {
  if (hint) {
    if (*hint > policy.max_retry_after) return std::nullopt;
    return *hint;
  }
  return backoff_delay(policy, retry, rng);
}

}  // namespace llmgw::routing
