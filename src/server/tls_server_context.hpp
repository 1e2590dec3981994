#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "llmgw/config/config.hpp"

namespace llmgw::server {

/// Server-side TLS (1.2+) from PEM files. Start-up only.
/// @throws std::runtime_error naming the file that could not be used.
std::unique_ptr<boost::asio::ssl::context> make_server_tls_context(const config::TlsConfig& tls);

}  // namespace llmgw::server
