#pragma once
// Keys, teams, access requests and usage rows as the admin API returns them
// (docs/admin-api.yaml has their schemas). Never a secret or a secret's hash.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>

#include "llmgw/config/config.hpp"
#include "store/sqlite/access_request_repository.hpp"
#include "store/sqlite/key_repository.hpp"
#include "store/sqlite/team_repository.hpp"
#include "store/sqlite/usage.hpp"

namespace llmgw::admin {

/// RFC 3339 UTC with milliseconds; null for nullopt.
nlohmann::json time_json(std::optional<std::int64_t> unix_ms);

nlohmann::json key_json(const store::sqlite::KeyRecord& key);
/// A key declared in the config file (source "config"; read-only through the API).
nlohmann::json key_json(const config::KeyConfig& key);
nlohmann::json team_json(const store::sqlite::TeamRecord& team);
nlohmann::json team_json(const config::TeamConfig& team);
nlohmann::json access_request_json(const store::sqlite::AccessRequest& request);
nlohmann::json usage_json(const store::sqlite::UsageQuery& query,
                          std::span<const store::sqlite::UsageRow> rows);

/// {"object": "list", "data": [...], "has_more": bool}.
nlohmann::json list_json(nlohmann::json data, bool has_more);

}  // namespace llmgw::admin
