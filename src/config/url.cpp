#include "config/url.hpp"

#include "config/host_syntax.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxUrlBytes = 2048;

bool is_path_char(char c) {
  // Printable ASCII except space; '%' escapes are passed through as written.
  return c > 0x20 && c < 0x7f;
}

bool parse_authority(std::string_view authority, UpstreamOrigin& origin, std::string& error) {
  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "unterminated IPv6 address: missing ']'";
      return false;
    }
    host = authority.substr(1, close - 1);
    if (!is_ipv6_literal(host)) {
      error = "invalid IPv6 address in brackets";
      return false;
    }
    auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        error = "unexpected characters after ']'";
        return false;
      }
      has_port = true;
      port_text = rest.substr(1);
    }
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
      if (port_text.find(':') != std::string_view::npos) {
        error = "IPv6 addresses must be written in brackets, e.g. http://[::1]:8000/v1";
        return false;
      }
    }
    if (host.empty()) {
      error = "missing host";
      return false;
    }
    if (!is_hostname(host) && !is_ipv4_literal(host)) {
      error = "invalid host name";
      return false;
    }
  }
  origin.host = to_lower_ascii(host);
  if (has_port) {
    auto port = parse_port(port_text);
    if (!port || *port == 0) {
      error = "port must be a number from 1 to 65535";
      return false;
    }
    origin.port = *port;
  }
  return true;
}

}  // namespace

std::optional<UpstreamOrigin> parse_base_url(std::string_view url, std::string& error) {
  if (url.empty()) {
    error = "must not be empty";
    return std::nullopt;
  }
  if (url.size() > kMaxUrlBytes) {
    error = "longer than " + std::to_string(kMaxUrlBytes) + " bytes";
    return std::nullopt;
  }
  for (char c : url) {
    if (!is_path_char(c)) {
      error = "contains a space, control or non-ASCII character";
      return std::nullopt;
    }
  }
  if (url.find_first_of("?#") != std::string_view::npos) {
    error = "must not contain a query (?) or fragment (#)";
    return std::nullopt;
  }
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    error = "must start with http:// or https://";
    return std::nullopt;
  }
  const auto scheme = to_lower_ascii(url.substr(0, scheme_end));
  UpstreamOrigin origin;
  if (scheme == "https") {
    origin.tls = true;
    origin.port = 443;
  } else if (scheme == "http") {
    origin.tls = false;
    origin.port = 80;
  } else {
    error = "scheme must be http or https";
    return std::nullopt;
  }
  const auto rest = url.substr(scheme_end + 3);
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) {
    error = "must not contain user info (user:password@); put credentials in api_key or headers";
    return std::nullopt;
  }
  if (!parse_authority(authority, origin, error)) return std::nullopt;
  auto path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  origin.base_path = std::string(path);
  return origin;
}

}  // namespace llmgw::config
