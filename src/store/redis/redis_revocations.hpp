#pragma once
// Key revocations across instances: the instance that revokes a key PUBLISHes its id; every
// instance holds one SUBSCRIBE connection and hears it within a network round trip (well
// under the 1 s target). Pub/sub is fire-and-forget: a message published while a subscriber
// is disconnected is lost to it, so the subscriber reports every (re)subscription and the
// application then reloads revocations from its store of record (SQLite or config). A
// revoked key is therefore refused everywhere within: publish latency when connected, or
// reconnect backoff (at most RedisOptions::backoff_max) plus the reload when not.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "store/redis/redis_connection.hpp"

namespace llmgw::store::redis {

/// The channel revocations travel on: `<prefix>:revocations`.
std::string revocation_channel(std::string_view prefix);

/// Publishes `key_id` on `channel` through a worker's connection (one round trip, within
/// its timeout). False when Redis could not be reached: the revocation still holds on this
/// instance and reaches the others at their next resubscription's reload.
boost::asio::awaitable<bool> publish_revocation(RedisConnection& connection,
                                                std::string_view channel, std::string_view key_id);

class RevocationSubscriber {
 public:
  struct Callbacks {
    /// Once per published key id, in publication order. Runs on the subscriber's executor
    /// (the one given to the constructor: typically one worker's or a small dedicated
    /// io_context), never concurrently with itself; it must not block. Whatever it updates
    /// is read by other workers, so it publishes through something thread-safe (an atomic
    /// snapshot swap, or a post to each worker).
    std::function<void(std::string_view key_id)> on_revoked;
    /// On the same executor after every successful subscription, the first included:
    /// revocations published while unsubscribed were missed, so reload them.
    std::function<void()> on_resubscribed;
  };

  /// `options` names the server (its `subscribe`, `on_message` and `on_ready` are set
  /// here). Call on any thread before the executor runs, or on the executor's thread.
  RevocationSubscriber(boost::asio::any_io_executor executor, RedisOptions options,
                       std::string channel, Callbacks callbacks);
  /// Stops; on the executor's thread, or after that executor stopped running.
  ~RevocationSubscriber();
  RevocationSubscriber(const RevocationSubscriber&) = delete;
  RevocationSubscriber& operator=(const RevocationSubscriber&) = delete;

  /// Connects and keeps the subscription up (reconnect with backoff) until stop().
  void start();
  /// On the executor's thread; no callback runs after it returns.
  void stop();
  bool subscribed() const noexcept;
  RedisConnectionStats stats() const noexcept;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;  ///< Callbacks, kept alive for the connection's handlers.
  std::shared_ptr<RedisConnection> connection_;
};

}  // namespace llmgw::store::redis
