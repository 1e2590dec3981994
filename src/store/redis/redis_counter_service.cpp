#include "store/redis/redis_counter_service.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace llmgw::store::redis {

namespace asio = boost::asio;

namespace {

// The connect deadline is enforced by the connection; this only covers its last steps.
constexpr auto kStartMargin = std::chrono::milliseconds(100);

std::string address_of(const RedisOptions& options) {
  std::string address = options.host;
  address += ':';
  address += std::to_string(options.port);
  return address;
}

}  // namespace

// What the connection's callbacks touch. Shared with them, so a callback that runs while
// the worker shuts down never reaches a destroyed service.
struct RedisCounterService::Status {
  Status(asio::any_io_executor executor, observability::AppLog& app_log, std::string where)
      : first_attempt(std::move(executor)), log(app_log), address(std::move(where)) {}

  asio::steady_timer first_attempt;  ///< Cancelled when the first attempt has an outcome.
  bool attempted = false;
  bool up = false;
  bool reported_down = false;
  std::atomic<bool> connected{false};  ///< For add_stats on other threads.
  observability::AppLog& log;
  std::string address;

  void on_ready() {
    connected.store(true, std::memory_order_relaxed);
    if (!up) log.info("redis connected", {{"address", address}});
    up = true;
    reported_down = false;
    finish_attempt();
  }

  void on_error(std::string_view message) {
    connected.store(false, std::memory_order_relaxed);
    // Once per outage: the reconnects that follow are counted, not logged.
    if (up || !reported_down) {
      log.warn("redis unavailable; limits follow state.redis.on_failure until it is back",
               {{"address", address}, {"error", message}});
      reported_down = true;
    }
    up = false;
    finish_attempt();
  }

  void finish_attempt() {
    if (attempted) return;
    attempted = true;
    first_attempt.cancel();
  }
};

RedisCounterService::RedisCounterService(asio::any_io_executor executor, RedisOptions options,
                                         RedisCounterStoreOptions store_options,
                                         observability::AppLog& log)
    : status_(std::make_shared<Status>(executor, log, address_of(options))) {
  const std::weak_ptr<Status> weak = status_;
  options.on_ready = [weak] {
    if (auto status = weak.lock()) status->on_ready();
  };
  options.on_error = [weak](std::string_view message) {
    if (auto status = weak.lock()) status->on_error(message);
  };
  connection_ = RedisConnection::create(std::move(executor), std::move(options));
  // Before start(): every connect then preloads the scripts.
  store_ = std::make_unique<RedisCounterStore>(connection_, std::move(store_options));
}

RedisCounterService::~RedisCounterService() = default;

asio::awaitable<void> RedisCounterService::start() {
  const std::shared_ptr<Status> status = status_;
  status->first_attempt.expires_after(connection_->options().connect_timeout + kStartMargin);
  connection_->start();
  if (!status->attempted) {
    co_await status->first_attempt.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

void RedisCounterService::stop() {
  status_->finish_attempt();
  connection_->stop();
  status_->connected.store(false, std::memory_order_relaxed);
}

void RedisCounterService::add_stats(observability::RedisStats& totals) const noexcept {
  const RedisConnectionStats c = connection_->stats();
  const RedisCounterStats s = store_->stats();
  totals.connections += 1;
  totals.connections_up += status_->connected.load(std::memory_order_relaxed) ? 1 : 0;
  totals.connects += c.connects;
  totals.connect_failures += c.connect_failures;
  totals.disconnects += c.disconnects;
  totals.stalls += c.stalls;
  totals.protocol_errors += c.protocol_errors;
  totals.calls += c.calls;
  totals.timeouts += c.timeouts;
  totals.not_connected += c.not_connected;
  totals.overloaded += c.overloaded;
  totals.connection_lost += c.connection_lost;
  totals.settles_queued += s.settles_queued;
  totals.settles_replayed += s.settles_replayed;
  totals.settles_dropped += s.settles_dropped;
  totals.bad_replies += s.bad_replies;
  totals.settle_queue += store_->queued_settles();
}

}  // namespace llmgw::store::redis
