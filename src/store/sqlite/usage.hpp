#pragma once
// Usage reports from the spend table: requests, tokens and cost per time bucket and per key,
// team or model, and their CSV rendering. query_usage runs on the store executor.
//
// Times: `from` and `to` are each either unix milliseconds (digits only) or an RFC 3339
// timestamp ("2026-03-01T00:00:00Z", "2026-03-01T01:00:00.5+01:00"); `from` is inclusive,
// `to` exclusive. Buckets start at whole UTC hours or days.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/core/error.hpp"
#include "store/sqlite/database.hpp"

namespace llmgw::store::sqlite {

enum class UsageGroup { key, team, model };
enum class Granularity { hour, day };

std::string_view to_string(UsageGroup group) noexcept;

struct UsageQuery {
  UsageGroup group_by = UsageGroup::model;
  Granularity granularity = Granularity::day;
  std::int64_t from_ms = 0;            ///< Inclusive, unix ms, >= 0.
  std::int64_t to_ms = 0;              ///< Exclusive, > from_ms.
  std::optional<std::string> team_id;  ///< Only this team's spend (a team admin's view).
  std::size_t max_rows = 50000;        ///< More rows than this is an error, not a cut.
};

/// The query parameters as the admin API receives them (empty: absent).
struct UsageParams {
  std::string_view group_by;     ///< key | team | model (required).
  std::string_view from;         ///< Required.
  std::string_view to;           ///< Required.
  std::string_view granularity;  ///< hour | day; default day.
};

/// Validates `params` into a query; errors are 400s that name the parameter.
Result<UsageQuery> make_usage_query(const UsageParams& params);

/// Unix ms from "1767225600000" or an RFC 3339 timestamp; nullopt for anything else.
std::optional<std::int64_t> parse_time_param(std::string_view text) noexcept;

struct UsageRow {
  std::int64_t bucket_start_ms = 0;
  std::string group;  ///< The key, team or model; empty for spend without one.
  std::int64_t requests = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_tokens = 0;
  std::int64_t cache_write_tokens = 0;
  std::int64_t reasoning_tokens = 0;
  std::int64_t cost_pico = 0;          ///< Sum over priced requests.
  std::int64_t unpriced_requests = 0;  ///< Requests whose model had no price.
  bool operator==(const UsageRow&) const = default;
};

/// Rows ordered by bucket, then group. invalid_request when the range is empty or negative or
/// the result would exceed query.max_rows.
Result<std::vector<UsageRow>> query_usage(Database& db, const UsageQuery& query);

/// RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, quote, CR
/// or LF (quotes doubled). bucket_start is RFC 3339 UTC; cost in pico-USD as an integer.
std::string render_usage_csv(std::span<const UsageRow> rows, UsageGroup group);

}  // namespace llmgw::store::sqlite
