#pragma once
// Builds the request path's KeyIndex from the embedded store (on the store thread), and the
// conversions from stored rows to the config shapes the request path reads.

#include <cstdint>
#include <memory>

#include "llmgw/governance/key_index.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/key_repository.hpp"
#include "store/sqlite/team_repository.hpp"

namespace llmgw::store::sqlite {

config::KeyConfig to_key_config(const KeyRecord& record);
config::TeamConfig to_team_config(const TeamRecord& record);

/// Every API key (revoked ones too, for their own 401), team and access decision, read in
/// one read transaction so the index is one consistent state of the store. `generation`
/// orders it among indexes (the caller's counter, incremented on the store thread).
std::shared_ptr<const governance::KeyIndex> load_key_index(Database& db, std::uint64_t generation);

}  // namespace llmgw::store::sqlite
