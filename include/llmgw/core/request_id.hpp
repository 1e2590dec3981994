#pragma once
// Request ids: the one correlation key of a request's log lines, metrics exemplars and
// upstream calls. Used by the request_id stage and by the server for requests that never
// reach the pipeline (malformed HTTP, unknown URLs).

#include <string>
#include <string_view>

namespace llmgw {

/// A client id is kept if it is 1..128 printable, non-space ASCII characters; anything
/// else (which could forge log lines) is replaced.
bool is_acceptable_request_id(std::string_view id) noexcept;

/// 32 lowercase hex characters from a per-thread random generator.
std::string generate_request_id();

/// The client's id when acceptable, else a new one.
std::string request_id_from(std::string_view client_id);

}  // namespace llmgw
