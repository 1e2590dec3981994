#include "upstream/connection_pool.hpp"

#include <algorithm>

namespace llmgw::upstream {

std::shared_ptr<ConnectionPool> ConnectionPool::create(const boost::asio::any_io_executor& executor,
                                                       OriginKey key, Settings settings) {
  return std::shared_ptr<ConnectionPool>(new ConnectionPool(executor, std::move(key), settings));
}

ConnectionPool::ConnectionPool(const boost::asio::any_io_executor& executor, OriginKey key,
                               Settings settings)
    : key_(std::move(key)),
      settings_(settings),
      dns_(settings.dns_ttl),
      eviction_timer_(executor) {}

bool ConnectionPool::expired(const Connection& connection, Clock::time_point now) const noexcept {
  return now - connection.idle_since() >= settings_.idle_ttl;
}

namespace {
constexpr auto kPeekAfterIdle = std::chrono::milliseconds(1000);
}  // namespace

std::unique_ptr<Connection> ConnectionPool::checkout(Clock::time_point now) {
  while (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    if (expired(*connection, now)) {
      // Everything older than the newest entry has expired too.
      idle_.clear();
      connection->close();
      return nullptr;
    }
    // The peek costs a system call per request; a connection idle for less than
    // kPeekAfterIdle is almost never closed by the server, and if it was, the send fails
    // before any response byte and is retried once on a fresh connection.
    if (now - connection->idle_since() < kPeekAfterIdle || connection->idle_and_quiet()) {
      return connection;
    }
    connection->close();
  }
  return nullptr;
}

void ConnectionPool::release(std::unique_ptr<Connection> connection, std::size_t max_idle,
                             Clock::time_point now) {
  if (!connection || max_idle == 0 || !connection->is_open()) return;
  while (idle_.size() >= max_idle) {
    idle_.front()->close();
    idle_.erase(idle_.begin());
  }
  connection->mark_idle(now);
  idle_.push_back(std::move(connection));
  schedule_eviction();
}

void ConnectionPool::evict_expired(Clock::time_point now) {
  const auto first_fresh = std::find_if(idle_.begin(), idle_.end(), [&](const auto& connection) {
    return !expired(*connection, now);
  });
  for (auto it = idle_.begin(); it != first_fresh; ++it) (*it)->close();
  idle_.erase(idle_.begin(), first_fresh);
}

// One timer per pool, armed for the oldest idle connection: idle sockets the server has
// half-closed are released even if this origin sees no further traffic.
void ConnectionPool::schedule_eviction() {
  if (eviction_scheduled_ || idle_.empty()) return;
  eviction_scheduled_ = true;
  eviction_timer_.expires_at(idle_.front()->idle_since() + settings_.idle_ttl);
  eviction_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto pool = weak.lock();
    if (!pool) return;
    pool->eviction_scheduled_ = false;
    if (ec) return;
    pool->evict_expired(Clock::now());
    pool->schedule_eviction();
  });
}

}  // namespace llmgw::upstream
