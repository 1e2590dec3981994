#pragma once
// Name resolution for one origin: a short-lived cache of the last answer (so a burst of new
// connections resolves once) and a lookup that honours a deadline and an abort promptly,
// even though the system resolver itself cannot be interrupted.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "upstream/abort_switch.hpp"

namespace llmgw::upstream {

using Endpoints = boost::asio::ip::tcp::resolver::results_type;

class DnsCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit DnsCache(Clock::duration ttl) : ttl_(ttl) {}

  /// The stored answer if it is younger than the TTL at `now`.
  std::optional<Endpoints> lookup(Clock::time_point now) const;
  void store(Endpoints endpoints, Clock::time_point now);
  /// Drops the answer, e.g. after connecting to every address in it failed.
  void forget() noexcept;

 private:
  Clock::duration ttl_;
  Endpoints endpoints_;
  Clock::time_point expires_{};
};

struct ResolveResult {
  /// beast::error::timeout past the deadline, operation_aborted after an abort.
  boost::system::error_code ec;
  Endpoints endpoints;
};

/// Resolves `host`:`port` asynchronously. Resumes at the first of: the answer, `deadline`,
/// or `abort` firing. A lookup still running in the resolver's thread at that point is left
/// to finish in the background and its answer discarded.
boost::asio::awaitable<ResolveResult> resolve_host(boost::asio::any_io_executor executor,
                                                   const std::string& host, std::uint16_t port,
                                                   std::chrono::steady_clock::time_point deadline,
                                                   AbortSwitch& abort);

}  // namespace llmgw::upstream
