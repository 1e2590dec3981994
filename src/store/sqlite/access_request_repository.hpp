#pragma once
// Requests by a team for access to a model that needs approval, and their decisions.
// Plain functions on a Database&, run by the store executor. Errors as in key_repository.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/core/error.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/repository_support.hpp"

namespace llmgw::store::sqlite {

enum class AccessStatus { pending, approved, rejected };
std::string_view to_string(AccessStatus status) noexcept;
/// nullopt for anything but "pending", "approved", "rejected".
std::optional<AccessStatus> parse_access_status(std::string_view text) noexcept;

struct AccessRequest {
  std::string id;
  std::string team_id;
  std::string model;
  AccessStatus status = AccessStatus::pending;
  std::string requested_by;  ///< The requesting key's id.
  std::string reason;        ///< Why the team asks.
  std::optional<std::string> decided_by;
  std::optional<std::string> decision_reason;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> decided_at_ms;
};

struct AccessDecision {
  bool approve = false;
  std::string decided_by;  ///< The deciding (platform admin) key's id.
  std::string reason;
};

struct AccessRequestListOptions {
  std::optional<std::string> team_id;
  std::optional<AccessStatus> status;
  Page page;
};

/// Stores `request` as pending (its status and decision fields are ignored).
/// duplicate_error when the id is taken or the team already has a pending request for the
/// model.
Result<AccessRequest> create_access_request(Database& db, const AccessRequest& request);
Result<AccessRequest> get_access_request(Database& db, std::string_view id);
/// In id order, at most min(page.limit, kMaxPageSize) rows.
Result<std::vector<AccessRequest>> list_access_requests(Database& db,
                                                        const AccessRequestListOptions& options);
/// Approves or rejects a pending request; conflict_error when it was already decided.
Result<AccessRequest> decide_access_request(Database& db, std::string_view id,
                                            const AccessDecision& decision, std::int64_t now_ms);
/// The team's most recent request for the model (any status), for the 403 that names it;
/// nullopt when the team never asked.
Result<std::optional<AccessRequest>> latest_access_request(Database& db, std::string_view team_id,
                                                           std::string_view model);

}  // namespace llmgw::store::sqlite
