#pragma once
// RFC 3339 date-times as the config writes them (key expiry): "2027-01-31T00:00:00Z" or with
// an offset ("2027-01-31T09:00:00+09:00"), fractional seconds allowed and ignored.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmgw::config {

/// Unix seconds, or nullopt when `text` is not an RFC 3339 date-time (field ranges checked,
/// February 29th only in leap years).
std::optional<std::int64_t> parse_rfc3339(std::string_view text) noexcept;

/// Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (UTC), which parse_rfc3339 reads back.
std::string format_rfc3339(std::int64_t unix_seconds);

}  // namespace llmgw::config
