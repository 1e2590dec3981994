#pragma once
// Governance settings as written in the config: who may call (keys, teams, the admin key),
// how much (limits, budgets) and where the shared state lives. Plain values: the governance
// services turn them into scopes and reservations.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "llmgw/governance/limits.hpp"

namespace llmgw::config {

// One definition of limits and budgets for the config, the counter store and the admin API.
using RateLimits = governance::RateLimits;  ///< 0 in a field: no limit at this scope.
using BudgetPeriod = governance::BudgetPeriod;
using BudgetConfig = governance::Budget;  ///< amount in pico-USD; 0: no budget.

using Tags = std::map<std::string, std::string>;

struct TeamConfig {
  std::string id;
  std::vector<std::string> allowed_models;  ///< Empty: every model.
  RateLimits limits;
  BudgetConfig budget;
  Tags tags;
};

/// What a key may do besides calling models.
enum class KeyRole {
  user,        ///< Inference only.
  team_admin,  ///< Also manages its own team's keys and reads its team's usage.
};

/// Where counters, budgets and revocations live.
enum class StateBackend { memory, redis };

/// What a request does when the shared state cannot be reached in time.
enum class FailMode { open, closed };

struct RedisConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string username;  ///< ACL user (Redis 6+); empty: AUTH with the password alone.
  std::string password;  ///< Secret: never printed. Empty: no AUTH.
  int database = 0;
  std::chrono::milliseconds timeout{50};            ///< Per call on the request path.
  std::chrono::milliseconds connect_timeout{1000};  ///< Connect and handshake, per attempt.
  std::chrono::milliseconds backoff_max{2000};      ///< Longest wait between reconnects.
  FailMode on_failure = FailMode::open;
  /// Before every key and the revocation channel; instances that share limits share it.
  /// One hash tag ({...}) keeps every key in one Redis Cluster slot.
  std::string prefix = "{llmgw}";
  /// How long an unsettled reservation holds its concurrency slot (its instance died).
  std::chrono::milliseconds lease{std::chrono::minutes(15)};
};

struct StateConfig {
  /// Holds llmgw.db (keys and teams from the admin API, spend records). Empty: no
  /// embedded store (no admin-created keys, no usage queries).
  std::string dir;
  StateBackend backend = StateBackend::memory;
  RedisConfig redis;
  std::size_t spend_queue_size = 65536;  ///< Records waiting for the writer; overflow counted.
};

/// Requests without a key, for local development; refused unless every listener is on
/// loopback.
struct UnauthenticatedConfig {
  bool enabled = false;
  std::string team;  ///< The team such requests are counted and limited as.
};

}  // namespace llmgw::config
