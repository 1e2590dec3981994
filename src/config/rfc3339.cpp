#include "config/rfc3339.hpp"

#include <charconv>
#include <ctime>

namespace llmgw::config {

namespace {

bool leap(std::int64_t year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(std::int64_t year, int month) noexcept {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date; counting in 400-year eras keeps it
// exact without a calendar library (std::chrono's calendar is not in GCC 12's library).
std::int64_t days_from_civil(std::int64_t year, int month, int day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Reads exactly `width` digits at `pos`.
bool digits(std::string_view text, std::size_t pos, std::size_t width, int& out) noexcept {
  if (pos + width > text.size()) return false;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + width, out);
  return ec == std::errc{} && end == text.data() + pos + width;
}

bool at(std::string_view text, std::size_t pos, char c) noexcept {
  return pos < text.size() && text[pos] == c;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) noexcept {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || !at(text, 4, '-') || !digits(text, 5, 2, month) ||
      !at(text, 7, '-') || !digits(text, 8, 2, day) || !(at(text, 10, 'T') || at(text, 10, 't')) ||
      !digits(text, 11, 2, hour) || !at(text, 13, ':') || !digits(text, 14, 2, minute) ||
      !at(text, 16, ':') || !digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (at(text, pos, '.')) {
    ++pos;
    const std::size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;
  }
  std::int64_t offset = 0;
  if (at(text, pos, 'Z') || at(text, pos, 'z')) {
    ++pos;
  } else if (at(text, pos, '+') || at(text, pos, '-')) {
    const int sign = text[pos] == '+' ? 1 : -1;
    int offset_hours = 0, offset_minutes = 0;
    if (!digits(text, pos + 1, 2, offset_hours) || !at(text, pos + 3, ':') ||
        !digits(text, pos + 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
      return std::nullopt;
    }
    offset = sign * (offset_hours * 3600 + offset_minutes * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
}

std::string format_rfc3339(std::int64_t unix_seconds) {
  const auto time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, size);
}

}  // namespace llmgw::config
