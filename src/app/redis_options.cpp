#include "app/redis_options.hpp"

#include <algorithm>

namespace llmgw::app {

store::redis::RedisOptions redis_options(const config::RedisConfig& redis) {
  store::redis::RedisOptions options;
  options.host = redis.host;
  options.port = redis.port;
  options.username = redis.username;
  options.password = redis.password;
  options.database = redis.database;
  options.timeout = redis.timeout;
  options.connect_timeout = redis.connect_timeout;
  options.backoff_initial = std::min(options.backoff_initial, redis.backoff_max);
  options.backoff_max = redis.backoff_max;
  return options;
}

}  // namespace llmgw::app
