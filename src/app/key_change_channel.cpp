#include "app/key_change_channel.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "app/redis_options.hpp"

namespace llmgw::app {

namespace {

// Publishing happens on admin writes, not on the request path: a slower Redis may take longer
// than the request path's per-call timeout without failing the announcement.
constexpr std::chrono::milliseconds kMinPublishTimeout{1000};

store::redis::RedisOptions options_from(const config::RedisConfig& redis,
                                        observability::AppLog& log) {
  store::redis::RedisOptions options = redis_options(redis);
  options.timeout = std::max(redis.timeout, kMinPublishTimeout);
  options.on_error = [&log](std::string_view message) {
    log.warn("key change channel: redis unavailable", {{"error", message}});
  };
  return options;
}

}  // namespace

KeyChangeChannel::KeyChangeChannel(const config::RedisConfig& redis,
                                   const admin::KeyIndexReloader& reloader,
                                   observability::AppLog& log)
    : reloader_(reloader),
      log_(log),
      // The channel the Redis backend names after the shared prefix: instances that share
      // limits share announcements.
      channel_(store::redis::revocation_channel(redis.prefix)),
      work_(ioc_.get_executor()) {
  publisher_ = store::redis::RedisConnection::create(ioc_.get_executor(), options_from(redis, log));
  store::redis::RevocationSubscriber::Callbacks callbacks;
  callbacks.on_revoked = [this](std::string_view id) { reload(id); };
  // Announcements sent while this instance was not subscribed are lost: reload everything.
  callbacks.on_resubscribed = [this] { reload("subscribed"); };
  subscriber_ = std::make_unique<store::redis::RevocationSubscriber>(
      ioc_.get_executor(), options_from(redis, log), channel_, std::move(callbacks));
  publisher_->start();
  subscriber_->start();
  thread_ = std::thread([this] { ioc_.run(); });
}

KeyChangeChannel::~KeyChangeChannel() {
  stop();
}

void KeyChangeChannel::stop() {
  if (!thread_.joinable()) return;
  work_.reset();
  ioc_.stop();
  thread_.join();
  // The event loop no longer runs: stopping from this thread races with nothing.
  subscriber_->stop();
  publisher_->stop();
}

void KeyChangeChannel::reload(std::string_view why) {
  log_.info("key change heard; reloading keys", {{"change", why}});
  boost::asio::co_spawn(ioc_, reloader_.reload(), boost::asio::detached);
}

boost::asio::awaitable<void> KeyChangeChannel::announce(const std::string& what) const {
  auto publisher = publisher_;
  auto publish = [publisher, channel = channel_, what]() -> boost::asio::awaitable<bool> {
    co_return co_await store::redis::publish_revocation(*publisher, channel, what);
  };
  // The connection lives on this channel's thread; the admin call waits there and resumes
  // on its own worker.
  const bool published = co_await boost::asio::co_spawn(publisher_->executor(), std::move(publish),
                                                        boost::asio::use_awaitable);
  if (!published) {
    log_.warn(
        "key change not announced: redis unavailable; other instances pick it up when they "
        "resubscribe",
        {{"change", what}});
  }
}

}  // namespace llmgw::app
