#include "upstream/tls_context.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/http/write.hpp>
#include <string>

#include "support/loopback_test_support.hpp"
#include "support/self_signed_cert.hpp"
#include "upstream/upstream_client_options.hpp"
#include "upstream/upstream_test_fixture.hpp"

namespace llmgw::upstream {
namespace {

using namespace llmgw::testing;
using asio::awaitable;
namespace ssl = asio::ssl;

// An HTTPS server on 127.0.0.1 answering every request with "secure", recording the SNI
// name each handshake carried.
class TlsServer {
 public:
  TlsServer(asio::io_context& ioc, const SelfSignedCert& cert)
      : ioc_(ioc), listener_(ioc), context_(ssl::context::tls_server) {
    context_.use_certificate_chain(asio::buffer(cert.cert_pem));
    context_.use_private_key(asio::buffer(cert.key_pem), ssl::context::pem);
    spawn(ioc_, [this]() -> awaitable<void> {
      for (;;) {
        tcp::socket socket = co_await listener_.accept();
        asio::co_spawn(ioc_, serve(std::move(socket)), fail_on_exception);
      }
    });
  }

  std::uint16_t port() const { return listener_.port(); }
  std::size_t handshakes() const noexcept { return handshakes_; }
  const std::string& last_sni() const noexcept { return last_sni_; }

 private:
  awaitable<void> serve(tcp::socket socket) {
    TlsStream stream(std::move(socket), context_);
    auto [handshake_ec] = co_await stream.async_handshake(ssl::stream_base::server, kNoThrow);
    if (handshake_ec) co_return;
    ++handshakes_;
    const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
    last_sni_ = sni ? sni : "";
    boost::beast::flat_buffer buffer;
    for (;;) {
      Request request;
      auto [read_ec, n] = co_await http::async_read(stream, buffer, request, kNoThrow);
      if (read_ec) co_return;
      const std::string response = http_response("secure");
      auto [write_ec, w] = co_await asio::async_write(stream, asio::buffer(response), kNoThrow);
      if (write_ec) co_return;
    }
  }

  asio::io_context& ioc_;
  LoopbackListener listener_;
  ssl::context context_;
  std::size_t handshakes_ = 0;
  std::string last_sni_;
};

struct TlsFetch {
  Result<std::string> result = Error::internal("not run");
  std::string sni_seen;  ///< Server name the server received, empty without SNI.
};

TlsFetch fetch_over_tls(const SelfSignedCert& served, std::string host, bool verify,
                        std::string trusted_pem = {}) {
  asio::io_context ioc;
  TlsServer server(ioc, served);
  UpstreamClientOptions options;
  options.extra_ca_pem = std::move(trusted_pem);
  auto client = make_upstream_client(ioc, options);
  auto provider = loopback_provider(server.port(), /*tls=*/true, std::move(host));
  provider.verify_tls = verify;
  TlsFetch fetch;
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    if (!exchange) {
      fetch.result = std::move(exchange).error();
      co_return;
    }
    fetch.result = co_await (*exchange)->read_all(1024);
  });
  fetch.sni_seen = server.last_sni();
  return fetch;
}

TEST(UpstreamTlsContextTest, BuildsContextWithSystemTrustAndRejectsBadExtraPem) {
  EXPECT_NO_THROW(make_client_tls_context());
  EXPECT_THROW(make_client_tls_context("-----BEGIN CERTIFICATE-----\nnot base64\n"),
               boost::system::system_error);
  const SelfSignedCert cert = make_self_signed_cert();
  EXPECT_NO_THROW(make_client_tls_context(cert.cert_pem));
}

TEST(UpstreamTlsContextTest, SetsSniForNamesButNotForAddresses) {
  asio::io_context ioc;
  ssl::context context = make_client_tls_context();
  TlsStream named(ioc, context);
  ASSERT_FALSE(prepare_client_stream(named, "api.example.com", true));
  const char* sni = SSL_get_servername(named.native_handle(), TLSEXT_NAMETYPE_host_name);
  ASSERT_NE(sni, nullptr);
  EXPECT_STREQ(sni, "api.example.com");
  EXPECT_EQ(SSL_get_verify_mode(named.native_handle()), SSL_VERIFY_PEER);

  TlsStream addressed(ioc, context);
  ASSERT_FALSE(prepare_client_stream(addressed, "127.0.0.1", false));
  EXPECT_EQ(SSL_get_servername(addressed.native_handle(), TLSEXT_NAMETYPE_host_name), nullptr);
  EXPECT_EQ(SSL_get_verify_mode(addressed.native_handle()), SSL_VERIFY_NONE);
}

TEST(UpstreamTlsContextTest, UnverifiedConnectionAcceptsSelfSignedCertificate) {
  TlsFetch fetch = fetch_over_tls(make_self_signed_cert(), "127.0.0.1", /*verify=*/false);
  ASSERT_TRUE(fetch.result.ok()) << fetch.result.error().message;
  EXPECT_EQ(*fetch.result, "secure");
  EXPECT_EQ(fetch.sni_seen, "");  // no SNI for an IP address
}

TEST(UpstreamTlsContextTest, VerifiedConnectionRejectsUntrustedCertificate) {
  auto result = fetch_over_tls(make_self_signed_cert(), "localhost", /*verify=*/true).result;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::upstream_connect);
  EXPECT_EQ(result.error().http_status, 502);
  EXPECT_NE(result.error().message.find("TLS handshake with 'localhost' failed"), std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("self-signed"), std::string::npos)
      << result.error().message;
}

TEST(UpstreamTlsContextTest, VerifiedConnectionAcceptsExtraTrustedCertificateWithSni) {
  const SelfSignedCert cert = make_self_signed_cert();
  TlsFetch fetch = fetch_over_tls(cert, "localhost", /*verify=*/true, cert.cert_pem);
  ASSERT_TRUE(fetch.result.ok()) << fetch.result.error().message;
  EXPECT_EQ(*fetch.result, "secure");
  EXPECT_EQ(fetch.sni_seen, "localhost");
}

TEST(UpstreamTlsContextTest, VerifiedConnectionRejectsTrustedCertificateForAnotherHost) {
  const SelfSignedCert cert = make_self_signed_cert("other.example", "DNS:other.example");
  auto result = fetch_over_tls(cert, "localhost", /*verify=*/true, cert.cert_pem).result;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::upstream_connect);
  EXPECT_NE(result.error().message.find("TLS handshake"), std::string::npos)
      << result.error().message;
}

}  // namespace
}  // namespace llmgw::upstream
