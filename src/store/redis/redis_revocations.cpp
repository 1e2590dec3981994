#include "store/redis/redis_revocations.hpp"

#include <array>
#include <span>

namespace llmgw::store::redis {

struct RevocationSubscriber::Shared {
  std::string channel;
  Callbacks callbacks;
  bool stopped = false;
};

std::string revocation_channel(std::string_view prefix) {
  return std::string(prefix) + ":revocations";
}

boost::asio::awaitable<bool> publish_revocation(RedisConnection& connection,
                                                std::string_view channel, std::string_view key_id) {
  const std::array<std::string_view, 3> command{"PUBLISH", channel, key_id};
  const std::span<const std::string_view> args(command);
  const CallResult result = co_await connection.call(args);
  co_return result.success();
}

RevocationSubscriber::RevocationSubscriber(boost::asio::any_io_executor executor,
                                           RedisOptions options, std::string channel,
                                           Callbacks callbacks)
    : shared_(std::make_shared<Shared>(Shared{std::move(channel), std::move(callbacks), false})) {
  options.subscribe = {shared_->channel};
  // The handlers hold the callbacks, not `this`: the connection may outlive the subscriber
  // by a few handler runs after stop().
  options.on_message = [shared = shared_](std::string_view channel, std::string_view payload) {
    if (!shared->stopped && channel == shared->channel && shared->callbacks.on_revoked) {
      shared->callbacks.on_revoked(payload);
    }
  };
  options.on_ready = [shared = shared_] {
    if (!shared->stopped && shared->callbacks.on_resubscribed) shared->callbacks.on_resubscribed();
  };
  connection_ = RedisConnection::create(std::move(executor), std::move(options));
}

RevocationSubscriber::~RevocationSubscriber() {
  stop();
}

void RevocationSubscriber::start() {
  connection_->start();
}

void RevocationSubscriber::stop() {
  shared_->stopped = true;
  connection_->stop();
}

bool RevocationSubscriber::subscribed() const noexcept {
  return connection_->ready();
}

RedisConnectionStats RevocationSubscriber::stats() const noexcept {
  return connection_->stats();
}

}  // namespace llmgw::store::redis
