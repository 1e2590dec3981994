#pragma once
// Key changes across instances over Redis pub/sub: this instance publishes every admin write
// (a revocation among them) and reloads its key index from the shared store when another
// instance publishes one, or after every (re)subscription, since messages sent while it was
// unsubscribed are lost. Runs on its own small thread, off the workers' event loops.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <thread>

#include "admin/key_index_reloader.hpp"
#include "llmgw/config/governance.hpp"
#include "llmgw/observability/logging.hpp"
#include "store/redis/redis_connection.hpp"
#include "store/redis/redis_revocations.hpp"

namespace llmgw::app {

class KeyChangeChannel final : public admin::ChangeAnnouncer {
 public:
  KeyChangeChannel(const config::RedisConfig& redis, const admin::KeyIndexReloader& reloader,
                   observability::AppLog& log);
  ~KeyChangeChannel() override;

  boost::asio::awaitable<void> announce(const std::string& what) const override;

  /// Stops the connections and joins the thread. Idempotent.
  void stop();

 private:
  void reload(std::string_view why);

  const admin::KeyIndexReloader& reloader_;
  observability::AppLog& log_;
  std::string channel_;
  boost::asio::io_context ioc_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<store::redis::RedisConnection> publisher_;
  std::unique_ptr<store::redis::RevocationSubscriber> subscriber_;
  std::thread thread_;
};

}  // namespace llmgw::app
