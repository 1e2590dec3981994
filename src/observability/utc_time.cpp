#include "observability/utc_time.hpp"

namespace llmgw::observability {
namespace {

void append_digits(std::string& out, long long value, int width) {
  char digits[8];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

void append_utc_timestamp(std::string& out, std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(time);
  const auto day = floor<days>(ms);
  const year_month_day date{day};
  const hh_mm_ss clock{ms - day};
  // Years outside 0..9999 cannot be written in four ISO digits; a clock that far off is
  // broken, and clamping keeps the field well-formed rather than garbled.
  long long year = static_cast<int>(date.year());
  year = year < 0 ? 0 : (year > 9999 ? 9999 : year);
  append_digits(out, year, 4);
  out.push_back('-');
  append_digits(out, static_cast<unsigned>(date.month()), 2);
  out.push_back('-');
  append_digits(out, static_cast<unsigned>(date.day()), 2);
  out.push_back('T');
  append_digits(out, clock.hours().count(), 2);
  out.push_back(':');
  append_digits(out, clock.minutes().count(), 2);
  out.push_back(':');
  append_digits(out, clock.seconds().count(), 2);
  out.push_back('.');
  append_digits(out, clock.subseconds().count(), 3);
  out.push_back('Z');
}

}  // namespace llmgw::observability
