#include "upstream/request_builder.hpp"

#include <algorithm>
#include <array>
#include <boost/beast/http/verb.hpp>
#include <charconv>
#include <string_view>

#include "llmgw/core/http_types.hpp"

namespace llmgw::upstream {

namespace http = boost::beast::http;

namespace {

// Headers that describe this hop's connection or framing: ours, never the caller's.
constexpr std::array<std::string_view, 9> kHopByHop = {
    "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
    "te",   "trailer",        "proxy-connection"};

bool is_hop_by_hop(std::string_view name) noexcept {
  return std::any_of(kHopByHop.begin(), kHopByHop.end(),
                     [&](std::string_view hop) { return iequals(name, hop); });
}

// RFC 9110 token characters.
bool is_token(std::string_view name) noexcept {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// CR, LF and NUL would end the header early and let the rest be read as another header.
bool is_safe_value(std::string_view value) noexcept {
  return std::none_of(value.begin(), value.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool is_origin_form(std::string_view target) noexcept {
  if (target.empty() || target.front() != '/') return false;
  return std::none_of(target.begin(), target.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f;
  });
}

}  // namespace

const std::string& default_user_agent() {
  static const std::string agent = std::string("llmgw/") + LLMGW_VERSION;
  return agent;
}

std::string host_name(const config::UpstreamOrigin& origin) {
  const std::string& host = origin.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

std::string host_header(const config::UpstreamOrigin& origin) {
  std::string name = host_name(origin);
  std::string header = name.find(':') != std::string::npos ? "[" + name + "]" : std::move(name);
  const std::uint16_t default_port = origin.tls ? 443 : 80;
  if (origin.port != default_port) {
    header.push_back(':');
    header.append(std::to_string(origin.port));
  }
  return header;
}

namespace {

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

// Methods whose requests carry a body by definition: they get a Content-Length even when it
// is zero, as RFC 9110 §8.6 asks of a user agent.
bool expects_body(http::verb method) noexcept {
  return method == http::verb::post || method == http::verb::put || method == http::verb::patch;
}

}  // namespace

Result<OutgoingRequest> build_request(const config::UpstreamOrigin& origin,
                                      UpstreamRequest request) {
  if (!is_origin_form(request.target)) {
    return Error::invalid_request("upstream request target must be a path starting with '/'");
  }
  std::string_view user_agent = default_user_agent();
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) return Error::invalid_request("invalid upstream header name");
    if (!is_safe_value(value)) {
      return Error::invalid_request("upstream header '" + name + "' has an invalid value");
    }
    if (iequals(name, "user-agent")) user_agent = value;
  }

  OutgoingRequest out;
  std::string& head = out.head;
  head.reserve(256 + request.target.size());
  head.append(http::to_string(request.method));
  head.push_back(' ');
  head.append(request.target);
  head.append(" HTTP/1.1\r\n");
  append_header(head, "Host", host_header(origin));
  append_header(head, "User-Agent", user_agent);
  append_header(head, "Connection", "keep-alive");
  for (const auto& [name, value] : request.headers) {
    if (is_hop_by_hop(name) || iequals(name, "user-agent")) continue;
    append_header(head, name, value);
  }
  if (!request.body.empty() || expects_body(request.method)) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, request.body.size()).ptr;
    append_header(head, "Content-Length", std::string_view(digits, end - digits));
  }
  head.append("\r\n");
  out.body = std::move(request.body);
  return out;
}

}  // namespace llmgw::upstream
