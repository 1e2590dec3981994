#pragma once
// The status line and header block of a response, formatted straight into a byte string.
// Beast's serializer walks a chain of buffer views per write and showed up as the largest
// single user-space cost of a proxied request; a response head is a handful of short lines.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/core/http_types.hpp"

namespace llmgw::server {

struct HeaderLine {
  std::string_view name;
  std::string_view value;
};

struct ResponseHead {
  int status = 200;
  /// The gateway's own headers (Server, Content-Type, ...), written first.
  std::initializer_list<HeaderLine> fixed;
  /// Headers from the handler (x-request-id, upstream rate-limit headers, ...). Framing
  /// headers among them (Content-Length, Transfer-Encoding, Connection) and lines that could
  /// split the header block are skipped: the framing is the gateway's alone.
  const Headers* extra = nullptr;
  /// Complete header lines the gateway formatted itself (FormattedHeaders), written as they
  /// are after `extra`.
  std::string_view formatted;
  /// Content-Length when set, otherwise Transfer-Encoding: chunked.
  std::optional<std::size_t> content_length;
  bool keep_alive = true;
};

/// Appends "HTTP/1.1 <status> <reason>\r\n", the header lines and the blank line to `out`.
void append_response_head(std::string& out, const ResponseHead& head);

/// The line that starts a chunk of `size` bytes ("<hex size>\r\n"), written into `storage`.
std::string_view chunk_size_line(std::size_t size, char (&storage)[20]) noexcept;

/// Ends one chunk.
inline constexpr std::string_view kChunkEnd = "\r\n";
/// The last chunk and the end of the chunked body (no trailers).
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

}  // namespace llmgw::server
