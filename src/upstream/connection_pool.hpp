#pragma once
// The idle keep-alive connections to one origin (scheme, host, port, TLS verification) on
// one worker, reused last-in first-out so the warmest connection goes first and the
// coldest ones age out. Also holds the origin's DNS cache. Single-threaded.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "upstream/connection.hpp"
#include "upstream/dns_cache.hpp"

namespace llmgw::upstream {

/// What makes two connections interchangeable.
struct OriginKey {
  bool tls = false;
  std::string host;
  std::uint16_t port = 0;
  bool verify_tls = true;

  bool operator==(const OriginKey&) const = default;
};

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  using Clock = std::chrono::steady_clock;

  struct Settings {
    Clock::duration idle_ttl = std::chrono::seconds(60);  ///< Idle connections older are closed.
    Clock::duration dns_ttl = std::chrono::seconds(30);
  };

  /// Pools are shared: exchanges hold weak references to hand connections back.
  static std::shared_ptr<ConnectionPool> create(const boost::asio::any_io_executor& executor,
                                                OriginKey key, Settings settings);

  const OriginKey& key() const noexcept { return key_; }
  DnsCache& dns() noexcept { return dns_; }
  std::size_t idle_count() const noexcept { return idle_.size(); }

  /// The most recently released connection that is still usable, or nullptr. Connections
  /// found expired, closed by the peer or with unsolicited data are closed and dropped.
  std::unique_ptr<Connection> checkout(Clock::time_point now);

  /// Keeps `connection` for reuse; when `max_idle` are already kept, the oldest is closed
  /// (with max_idle 0 nothing is kept).
  void release(std::unique_ptr<Connection> connection, std::size_t max_idle, Clock::time_point now);

  /// Closes every idle connection older than the idle TTL at `now`.
  void evict_expired(Clock::time_point now);

 private:
  ConnectionPool(const boost::asio::any_io_executor& executor, OriginKey key, Settings settings);
  bool expired(const Connection& connection, Clock::time_point now) const noexcept;
  void schedule_eviction();

  OriginKey key_;
  Settings settings_;
  DnsCache dns_;
  std::vector<std::unique_ptr<Connection>> idle_;  // oldest first
  boost::asio::steady_timer eviction_timer_;
  bool eviction_scheduled_ = false;
};

}  // namespace llmgw::upstream
