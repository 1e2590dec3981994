#include "config/units.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <utility>

namespace llmgw::config {

namespace {

struct Unit {
  std::string_view suffix;
  std::uint64_t factor;
};

constexpr std::array kDurationUnits{Unit{"ms", 1}, Unit{"s", 1000}, Unit{"m", 60'000},
                                    Unit{"h", 3'600'000}};

constexpr std::array kSizeUnits{Unit{"B", 1}, Unit{"KiB", 1ull << 10}, Unit{"MiB", 1ull << 20},
                                Unit{"GiB", 1ull << 30}, Unit{"TiB", 1ull << 40}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Splits "123abc" into the number and the rest; false when there is no leading number or it
// does not fit in 64 bits.
bool split_number(std::string_view text, std::uint64_t& number, std::string_view& rest) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits == 0) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, number);
  if (ec != std::errc{} || ptr != text.data() + digits) return false;
  rest = text.substr(digits);
  return true;
}

bool multiply(std::uint64_t a, std::uint64_t b, std::uint64_t limit, std::uint64_t& out) {
  if (b != 0 && a > limit / b) return false;
  out = a * b;
  return true;
}

// Echoes the user's text back in a message, cut short so a pasted blob cannot flood the log.
std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxEcho = 64;
  if (text.size() <= kMaxEcho) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMaxEcho)) + "...\"";
}

}  // namespace

std::optional<Millis> parse_duration(std::string_view text, std::string& error) {
  std::uint64_t number = 0;
  std::string_view unit;
  if (!split_number(text, number, unit)) {
    error = "invalid duration " + quoted(text) + ": expected a whole number and a unit, e.g. 10s";
    return std::nullopt;
  }
  if (unit.empty()) {
    error = "duration " + quoted(text) + " needs a unit: ms, s, m or h";
    return std::nullopt;
  }
  for (const auto& candidate : kDurationUnits) {
    if (unit != candidate.suffix) continue;
    std::uint64_t millis = 0;
    const auto limit = static_cast<std::uint64_t>(std::numeric_limits<Millis::rep>::max());
    if (!multiply(number, candidate.factor, limit, millis)) {
      error = "duration " + quoted(text) + " is too large";
      return std::nullopt;
    }
    return Millis(static_cast<Millis::rep>(millis));
  }
  error = "invalid duration unit in " + quoted(text) + ": use ms, s, m or h";
  return std::nullopt;
}

std::optional<std::size_t> parse_size(std::string_view text, std::string& error) {
  std::uint64_t number = 0;
  std::string_view unit;
  if (!split_number(text, number, unit)) {
    error = "invalid size " + quoted(text) + ": expected bytes or a number with KiB, MiB or GiB";
    return std::nullopt;
  }
  if (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  std::uint64_t factor = 0;
  if (unit.empty()) factor = 1;
  for (const auto& candidate : kSizeUnits) {
    if (unit == candidate.suffix) factor = candidate.factor;
  }
  if (factor == 0) {
    const bool decimal = unit == "KB" || unit == "kB" || unit == "MB" || unit == "GB";
    error = "invalid size unit in " + quoted(text) +
            (decimal ? ": use binary units KiB, MiB or GiB" : ": use B, KiB, MiB or GiB");
    return std::nullopt;
  }
  std::uint64_t bytes = 0;
  if (!multiply(number, factor, std::numeric_limits<std::size_t>::max(), bytes)) {
    error = "size " + quoted(text) + " is too large";
    return std::nullopt;
  }
  return static_cast<std::size_t>(bytes);
}

std::string format_duration(Millis value) {
  const auto millis = value.count();
  for (auto it = kDurationUnits.rbegin(); it != kDurationUnits.rend(); ++it) {
    const auto factor = static_cast<Millis::rep>(it->factor);
    if (millis != 0 && millis % factor == 0) {
      return std::to_string(millis / factor) + std::string(it->suffix);
    }
  }
  return std::to_string(millis) + "ms";
}

std::string format_size(std::size_t bytes) {
  for (auto it = kSizeUnits.rbegin(); it != kSizeUnits.rend(); ++it) {
    if (it->factor > 1 && bytes != 0 && bytes % it->factor == 0) {
      return std::to_string(bytes / it->factor) + std::string(it->suffix);
    }
  }
  return std::to_string(bytes);
}

}  // namespace llmgw::config
