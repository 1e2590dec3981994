#include "server/tls_server_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace llmgw::server {

std::unique_ptr<boost::asio::ssl::context> make_server_tls_context(const config::TlsConfig& tls) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  SSL_CTX_set_mode(context->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  boost::system::error_code ec;
  context->use_certificate_chain_file(tls.cert_file, ec);
  if (ec) {
    throw std::runtime_error("server.tls.cert_file: cannot use '" + tls.cert_file +
                             "': " + ec.message());
  }
  context->use_private_key_file(tls.key_file, ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error("server.tls.key_file: cannot use '" + tls.key_file +
                             "': " + ec.message());
  }
  return context;
}

}  // namespace llmgw::server
