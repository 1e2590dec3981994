#include "store/sqlite/usage.hpp"

#include <chrono>
#include <limits>

#include "observability/utc_time.hpp"

namespace llmgw::store::sqlite {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `count` digits at `pos`.
bool digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) noexcept {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) noexcept {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<std::int64_t> parse_unix_ms(std::string_view text) noexcept {
  if (text.empty() || text.size() > 15) return std::nullopt;  // 15 digits: year 33658.
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// RFC 3339 section 5.6 date-time: full-date "T" full-time, time-offset Z or +-hh:mm.
std::optional<std::int64_t> parse_rfc3339(std::string_view text) noexcept {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, pos, 4, year) || !expect(text, pos, '-') || !digits(text, pos, 2, month) ||
      !expect(text, pos, '-') || !digits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  if (!digits(text, pos, 2, hour) || !expect(text, pos, ':') || !digits(text, pos, 2, minute) ||
      !expect(text, pos, ':') || !digits(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 ||
      day > static_cast<int>(days_in_month(year, static_cast<unsigned>(month))) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t count = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (count < 3) millis = millis * 10 + (text[pos] - '0');
      ++count;
      ++pos;
    }
    if (count == 0) return std::nullopt;
    for (std::size_t i = count; i < 3; ++i) millis *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int offset_hours = 0, offset_mins = 0;
    if (!digits(text, pos, 2, offset_hours) || !expect(text, pos, ':') ||
        !digits(text, pos, 2, offset_mins) || offset_hours > 23 || offset_mins > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (offset_hours * 60 + offset_mins);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds =
      days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

std::string_view group_column(UsageGroup group) noexcept {
  switch (group) {
    case UsageGroup::key: return "key_id";
    case UsageGroup::team: return "team_id";
    case UsageGroup::model: return "model";
  }
  return "model";
}

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string_view to_string(UsageGroup group) noexcept {
  switch (group) {
    case UsageGroup::key: return "key";
    case UsageGroup::team: return "team";
    case UsageGroup::model: return "model";
  }
  return "model";
}

std::optional<std::int64_t> parse_time_param(std::string_view text) noexcept {
  if (auto ms = parse_unix_ms(text)) return ms;
  return parse_rfc3339(text);
}

Result<UsageQuery> make_usage_query(const UsageParams& params) {
  UsageQuery query;
  if (params.group_by == "key") {
    query.group_by = UsageGroup::key;
  } else if (params.group_by == "team") {
    query.group_by = UsageGroup::team;
  } else if (params.group_by == "model") {
    query.group_by = UsageGroup::model;
  } else {
    return Error::invalid_request("group_by must be key, team or model", "group_by");
  }
  if (params.granularity.empty() || params.granularity == "day") {
    query.granularity = Granularity::day;
  } else if (params.granularity == "hour") {
    query.granularity = Granularity::hour;
  } else {
    return Error::invalid_request("granularity must be hour or day", "granularity");
  }
  const auto from = parse_time_param(params.from);
  if (!from || *from < 0) {
    return Error::invalid_request(
        "from must be unix milliseconds or an RFC 3339 time (2026-03-01T00:00:00Z) after 1970",
        "from");
  }
  const auto to = parse_time_param(params.to);
  if (!to || *to < 0) {
    return Error::invalid_request(
        "to must be unix milliseconds or an RFC 3339 time (2026-03-31T00:00:00Z) after 1970", "to");
  }
  if (*to <= *from) return Error::invalid_request("to must be later than from", "to");
  query.from_ms = *from;
  query.to_ms = *to;
  return query;
}

Result<std::vector<UsageRow>> query_usage(Database& db, const UsageQuery& query) {
  if (query.from_ms < 0 || query.to_ms <= query.from_ms) {
    return Error::invalid_request("usage: the time range is empty");
  }
  // The group column comes from our enum, never from the request: safe to splice.
  std::string sql = "SELECT (started_at / ?1) * ?1 AS bucket, ";
  sql += group_column(query.group_by);
  sql +=
      " AS grp, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens), "
      "SUM(cache_write_tokens), SUM(reasoning_tokens), COALESCE(SUM(cost_pico), 0), "
      "COUNT(*) - COUNT(cost_pico) FROM spend WHERE started_at >= ?2 AND started_at < ?3";
  if (query.team_id) sql += " AND team_id = ?4";
  sql += " GROUP BY bucket, grp ORDER BY bucket, grp LIMIT ?5";

  auto select = db.prepare(sql);
  select.bind_int(1, query.granularity == Granularity::hour ? kHourMs : kDayMs)
      .bind_int(2, query.from_ms)
      .bind_int(3, query.to_ms)
      .bind_int(5, static_cast<std::int64_t>(query.max_rows) + 1);
  if (query.team_id) select.bind_text(4, *query.team_id);
  std::vector<UsageRow> rows;
  while (select.step()) {
    if (rows.size() == query.max_rows) {
      return Error::invalid_request("usage: more than " + std::to_string(query.max_rows) +
                                    " rows; narrow from/to or use granularity=day");
    }
    UsageRow row;
    row.bucket_start_ms = select.column_int(0);
    row.group = select.column_text(1);
    row.requests = select.column_int(2);
    row.input_tokens = select.column_int(3);
    row.output_tokens = select.column_int(4);
    row.cached_tokens = select.column_int(5);
    row.cache_write_tokens = select.column_int(6);
    row.reasoning_tokens = select.column_int(7);
    row.cost_pico = select.column_int(8);
    row.unpriced_requests = select.column_int(9);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string render_usage_csv(std::span<const UsageRow> rows, UsageGroup group) {
  std::string out = "bucket_start,";
  out += to_string(group);
  out +=
      ",requests,input_tokens,output_tokens,cached_tokens,cache_write_tokens,reasoning_tokens,"
      "cost_pico,unpriced_requests\r\n";
  for (const UsageRow& row : rows) {
    observability::append_utc_timestamp(
        out, std::chrono::system_clock::time_point(std::chrono::milliseconds(row.bucket_start_ms)));
    out += ',';
    append_csv_field(out, row.group);
    for (std::int64_t value :
         {row.requests, row.input_tokens, row.output_tokens, row.cached_tokens,
          row.cache_write_tokens, row.reasoning_tokens, row.cost_pico, row.unpriced_requests}) {
      out += ',';
      out += std::to_string(value);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace llmgw::store::sqlite
