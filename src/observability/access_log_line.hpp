#pragma once
// The access log's line format, separate from the queue and file handling so it can be
// tested (and benchmarked) without either.

#include <chrono>
#include <string>

#include "llmgw/observability/request_record.hpp"

namespace llmgw::observability {

/// Appends one JSON object, without a trailing newline:
/// {"time","request_id","key_id","method","path","model","provider","upstream_model","status",
///  "stream","latency_ms","ttfb_ms","ttft_ms","upstream_ms","overhead_ms","prompt_tokens",
///  "completion_tokens","total_tokens","cached_tokens","bytes_in","bytes_out",
///  "client_disconnected","error"}.
/// Unknown values are null: empty strings, status 0, negative timings, token counts when the
/// usage is unknown. Durations are milliseconds with microsecond precision.
void append_access_log_line(std::string& out, const RequestRecord& record,
                            std::chrono::system_clock::time_point finished_at);

}  // namespace llmgw::observability
