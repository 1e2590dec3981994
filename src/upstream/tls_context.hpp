#pragma once
// Client-side TLS for upstream connections: one context per UpstreamClient (built once at
// worker start-up), and the per-connection settings (SNI, peer and host-name verification).

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <string>
#include <string_view>

namespace llmgw::upstream {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

/// A TLS 1.2+ client context trusting the system CAs plus `extra_ca_pem` (PEM, may hold
/// several certificates; empty for none). Throws boost::system::system_error on bad PEM:
/// called at start-up only.
boost::asio::ssl::context make_client_tls_context(std::string_view extra_ca_pem = {});

/// Prepares `stream` before its handshake: SNI for DNS names (never for IP literals, as
/// RFC 6066 requires) and, when `verify` is set, chain plus host-name verification.
/// `host` must outlive nothing: it is copied. Returns an error if OpenSSL rejects the name.
boost::system::error_code prepare_client_stream(TlsStream& stream, const std::string& host,
                                                bool verify);

/// Why the peer's certificate was rejected (e.g. "self-signed certificate"), or an empty
/// string when verification passed or was not attempted.
std::string certificate_verify_failure(TlsStream& stream);

}  // namespace llmgw::upstream
