#pragma once
// Log timestamps: ISO-8601 UTC with milliseconds, e.g. "2026-11-26T22:23:38.123Z".

#include <chrono>
#include <string>

namespace llmgw::observability {

/// Appends `time` formatted as "YYYY-MM-DDTHH:MM:SS.mmmZ" (no quotes). Pure arithmetic on the
/// civil calendar: no locale, no libc time zone state, safe from any thread.
void append_utc_timestamp(std::string& out, std::chrono::system_clock::time_point time);

}  // namespace llmgw::observability
