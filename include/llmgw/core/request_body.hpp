#pragma once
// The client's JSON body, parsed once. Only what the gateway reads or rewrites is typed;
// the raw bytes are kept so the fast path forwards them untouched except for `model`.

#include <cstddef>
#include <string>
#include <string_view>

#include "llmgw/core/endpoint.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw {

/// Byte range [begin, end) inside RequestBody::raw. Empty when begin == end.
struct JsonSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const noexcept { return begin == end; }
};

struct RequestBody {
  std::string raw;             ///< Exactly what the client sent.
  std::string model;           ///< Decoded value of "model".
  JsonSpan model_value;        ///< The "model" value including its quotes.
  bool stream = false;         ///< "stream": true.
  bool include_usage = false;  ///< Client asked for stream_options.include_usage.
  JsonSpan
      stream_options_member;  ///< `"stream_options": {...}` from key to value end; empty if absent.
  std::size_t object_open = 0;  ///< Offset of the top-level '{'.
};

/// Validates `raw` as JSON and extracts the typed fields for `endpoint`.
/// Errors (400, OpenAI shape): malformed JSON with its position, body not an object,
/// missing/ill-typed `model`, `messages` (chat: non-empty array), `prompt` (completions),
/// `input` (embeddings), non-boolean `stream`, ill-typed `stream_options`.
Result<RequestBody> parse_request_body(Endpoint endpoint, std::string raw);

}  // namespace llmgw
