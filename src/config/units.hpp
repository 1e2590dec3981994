#pragma once
// Durations ("250ms", "10s", "5m", "1h") and sizes (4096, "16KiB", "10MiB", "1GiB") as written
// in the config file, and back again for the effective-config dump.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// Parses `<digits><unit>` with unit ms, s, m or h. A bare number is an error because "30"
/// is ambiguous. On failure returns nullopt and sets `error` to a message for the user.
std::optional<Millis> parse_duration(std::string_view text, std::string& error);

/// Parses `<digits>` (bytes) or `<digits><unit>` with unit B, KiB, MiB, GiB or TiB; an
/// optional space may separate number and unit. Decimal units (KB, MB) are rejected with a
/// hint, since "10MB" meaning 10^7 or 2^20·10 is a classic source of surprises.
std::optional<std::size_t> parse_size(std::string_view text, std::string& error);

/// The shortest exact spelling: 600000ms → "10m", 1500ms → "1500ms".
std::string format_duration(Millis value);

/// The largest exact binary unit: 10485760 → "10MiB", 1000 → "1000".
std::string format_size(std::size_t bytes);

}  // namespace llmgw::config
