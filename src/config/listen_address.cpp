#include "config/listen_address.hpp"

#include "config/host_syntax.hpp"

namespace llmgw::config {

std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error) {
  std::string_view host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = "expected [ipv6]:port, e.g. \"[::1]:8080\"";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
    if (!is_ipv6_literal(host)) {
      error = "invalid IPv6 address in brackets";
      return std::nullopt;
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      error = "expected host:port, e.g. \"127.0.0.1:8080\"";
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      error = "IPv6 addresses must be written in brackets, e.g. \"[::1]:8080\"";
      return std::nullopt;
    }
    if (host.empty()) {
      error = "missing host; use 0.0.0.0 or [::] to listen on every interface";
      return std::nullopt;
    }
    if (host != "localhost" && !is_ipv4_literal(host)) {
      error = "host must be an IP address or localhost";
      return std::nullopt;
    }
  }
  auto port = parse_port(port_text);
  if (!port) {
    error = "port must be a number from 0 to 65535";
    return std::nullopt;
  }
  ListenAddress address;
  address.host = host == "localhost" ? std::string("127.0.0.1") : to_lower_ascii(host);
  address.port = *port;
  return address;
}

std::string format_listen_address(const ListenAddress& address) {
  const bool v6 = address.host.find(':') != std::string::npos;
  return (v6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(address.port);
}

bool is_wildcard_host(std::string_view host) {
  return host == "0.0.0.0" || host == "::" || host == "0:0:0:0:0:0:0:0";
}

}  // namespace llmgw::config
