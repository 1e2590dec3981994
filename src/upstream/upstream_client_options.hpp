#pragma once
// Knobs of the Beast upstream client that are not per provider. The composition root uses
// the defaults (make_upstream_client(ioc)); tests shorten the lifetimes or add a CA.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::upstream {

struct UpstreamClientOptions {
  /// PEM certificates trusted in addition to the system CAs (a private CA).
  std::string extra_ca_pem;
  /// Idle pooled connections older than this are closed; servers commonly drop idle
  /// keep-alive connections after 60–120 s, so staying under that avoids most races.
  std::chrono::milliseconds idle_connection_ttl{55'000};
  /// How long a DNS answer is reused for new connections to the same origin.
  std::chrono::milliseconds dns_ttl{30'000};
};

/// As make_upstream_client(ioc), with explicit options. Throws at start-up on bad PEM.
std::unique_ptr<UpstreamClient> make_upstream_client(boost::asio::io_context& ioc,
                                                     UpstreamClientOptions options);

}  // namespace llmgw::upstream
