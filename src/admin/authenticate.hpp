#pragma once
// Who is calling the admin API: the platform admin key (config, hashed), or a key with role
// team_admin from the config file or the API. Pure: the caller passes the current snapshot
// and key index.

#include <cstdint>

#include "admin/rules.hpp"
#include "llmgw/config/snapshot.hpp"
#include "llmgw/core/http_types.hpp"
#include "llmgw/governance/key_index.hpp"

namespace llmgw::admin {

/// 401 without a usable key; 403 for a valid key that is not an admin key.
Result<Caller> authenticate(const Headers& headers, const config::Snapshot& snapshot,
                            const governance::KeyIndex& api_keys, std::int64_t now_ms);

}  // namespace llmgw::admin
