#pragma once
// The bodies of key and team writes, read into the store's shapes. Pure: types, ranges and
// unknown fields are checked here; what depends on other rows (the team exists, a key narrows
// its team, the models are configured) is checked by admin/rules.hpp.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "llmgw/core/error.hpp"
#include "store/sqlite/key_repository.hpp"
#include "store/sqlite/team_repository.hpp"

namespace llmgw::admin {

inline constexpr std::int64_t kMaxRate = 1'000'000'000;
inline constexpr std::size_t kMaxModels = 1000;
inline constexpr std::size_t kMaxTags = 64;

struct KeyCreate {
  store::sqlite::KeyRecord key;  ///< Secret, times and source are the caller's to set.
  bool id_given = false;         ///< Else the caller generates one.
  bool team_given = false;       ///< Else a team admin's own team.
};

struct KeyUpdate {
  store::sqlite::KeyPatch patch;
};

struct Rotation {
  std::int64_t grace_seconds = 3600;
};

/// POST /admin/v1/keys: {id?, team?, role?, models?, limits?, budget?, expires_at?, tags?}.
Result<KeyCreate> read_key_create(const nlohmann::json& body);
/// PATCH /admin/v1/keys/{id}: the same minus id and team; null clears models, budget, expiry.
Result<KeyUpdate> read_key_update(const nlohmann::json& body);
/// POST /admin/v1/keys/{id}/rotate: {grace_seconds?} (0 ends the old secret at once).
Result<Rotation> read_rotation(const nlohmann::json& body);

/// POST /admin/v1/teams: {id, models?, limits?, budget?, tags?}.
Result<store::sqlite::TeamRecord> read_team_create(const nlohmann::json& body);
/// PATCH /admin/v1/teams/{id}: the same minus id; null clears models and budget.
Result<store::sqlite::TeamPatch> read_team_update(const nlohmann::json& body);

struct AccessRequestInput {
  std::string model;
  std::string team;  ///< Empty: the caller's own team (team admins).
  std::string reason;
};
/// POST /admin/v1/access-requests: {model, team?, reason?}.
Result<AccessRequestInput> read_access_request(const nlohmann::json& body);
/// POST /admin/v1/access-requests/{id}/approve|reject: {reason?}.
Result<std::string> read_decision_reason(const nlohmann::json& body);

/// Ids of keys, teams: 1-64 letters, digits, '_', '.', '-' (as in the config file).
bool valid_id(std::string_view id) noexcept;

}  // namespace llmgw::admin
