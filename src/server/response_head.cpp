#include "server/response_head.hpp"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace llmgw::server {
namespace {

bool is_framing_header(std::string_view name) noexcept {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
         iequals(name, "connection");
}

void append_line(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

void append_decimal(std::string& out, std::size_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

}  // namespace

void append_response_head(std::string& out, const ResponseHead& head) {
  namespace http = boost::beast::http;
  out.append("HTTP/1.1 ");
  // Statuses are three digits; anything else was a bug upstream of here, and 500 is safer
  // than a malformed status line.
  const int status = head.status >= 100 && head.status <= 999 ? head.status : 500;
  append_decimal(out, static_cast<std::size_t>(status));
  out.push_back(' ');
  out.append(http::obsolete_reason(static_cast<http::status>(status)));
  out.append("\r\n");
  for (const HeaderLine& line : head.fixed) append_line(out, line.name, line.value);
  if (head.extra != nullptr) {
    for (const auto& [name, value] : *head.extra) {
      if (is_framing_header(name) || !safe_header_name(name) || !safe_header_value(value)) {
        continue;
      }
      append_line(out, name, value);
    }
  }
  out.append(head.formatted);
  if (head.content_length) {
    out.append("Content-Length: ");
    append_decimal(out, *head.content_length);
    out.append("\r\n");
  } else {
    out.append("Transfer-Encoding: chunked\r\n");
  }
  if (!head.keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
}

std::string_view chunk_size_line(std::size_t size, char (&storage)[20]) noexcept {
  char* end = std::to_chars(storage, storage + 16, size, 16).ptr;
  *end++ = '\r';
  *end++ = '\n';
  return {storage, static_cast<std::size_t>(end - storage)};
}

}  // namespace llmgw::server
