#pragma once
// The connection settings every Redis client of the gateway starts from (the counter stores,
// the key change channel), read from `state.redis`.

#include "llmgw/config/governance.hpp"
#include "store/redis/redis_connection.hpp"

namespace llmgw::app {

store::redis::RedisOptions redis_options(const config::RedisConfig& redis);

}  // namespace llmgw::app
