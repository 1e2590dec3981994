#pragma once
// One gateway instance's worth of Redis counter store for tests: an io_context standing in
// for a worker, its connection and its store, with blocking reserve/settle helpers.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "store/redis/redis_counter_store.hpp"
#include "support/redis_server.hpp"

namespace llmgw::store::redis::testing {

/// Connected on construction (within 5 s), stopped on destruction.
struct Instance {
  explicit Instance(std::uint16_t port, RedisCounterStoreOptions store_options = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
    RedisOptions options;
    options.port = port;
    options.timeout = timeout;
    options.backoff_initial = std::chrono::milliseconds(20);
    options.backoff_max = std::chrono::milliseconds(200);
    options.jitter_seed = 1;
    connection = RedisConnection::create(ioc.get_executor(), options);
    store.emplace(connection, std::move(store_options));
    connection->start();
    llmgw::testing::drive_until(ioc, [&] { return connection->ready(); });
  }
  ~Instance() { connection->stop(); }

  ReserveResult reserve(const ReserveRequest& request) {
    return llmgw::testing::drive(ioc, store->reserve(request));
  }
  SettleResult settle(Reservation& r, std::int64_t tokens, pico_usd cost) {
    return llmgw::testing::drive(ioc, store->settle(r, tokens, cost));
  }

  boost::asio::io_context ioc;
  std::shared_ptr<RedisConnection> connection;
  std::optional<RedisCounterStore> store;
};

}  // namespace llmgw::store::redis::testing
