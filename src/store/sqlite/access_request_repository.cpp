#include "store/sqlite/access_request_repository.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace llmgw::store::sqlite {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, team_id, model, status, requested_by, reason, decided_by, decision_reason, "
    "created_at, decided_at FROM access_requests ";

std::optional<std::string> optional_text(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.column_text(column);
}

AccessRequest read_request(const Statement& row) {
  AccessRequest request;
  request.id = row.column_text(0);
  request.team_id = row.column_text(1);
  request.model = row.column_text(2);
  const std::string status = row.column_text(3);
  const auto parsed = parse_access_status(status);
  if (!parsed) throw std::runtime_error("store: unexpected access request status '" + status + "'");
  request.status = *parsed;
  request.requested_by = row.column_text(4);
  request.reason = row.column_text(5);
  request.decided_by = optional_text(row, 6);
  request.decision_reason = optional_text(row, 7);
  request.created_at_ms = row.column_int(8);
  request.decided_at_ms = row.column_optional_int(9);
  return request;
}

std::optional<AccessRequest> load(Database& db, std::string_view id) {
  auto select = db.prepare(sql_text({kSelect, "WHERE id = ?1"}));
  select.bind_text(1, id);
  if (!select.step()) return std::nullopt;
  return read_request(select);
}

}  // namespace

std::string_view to_string(AccessStatus status) noexcept {
  switch (status) {
    case AccessStatus::pending: return "pending";
    case AccessStatus::approved: return "approved";
    case AccessStatus::rejected: return "rejected";
  }
  return "pending";
}

std::optional<AccessStatus> parse_access_status(std::string_view text) noexcept {
  if (text == "pending") return AccessStatus::pending;
  if (text == "approved") return AccessStatus::approved;
  if (text == "rejected") return AccessStatus::rejected;
  return std::nullopt;
}

Result<AccessRequest> create_access_request(Database& db, const AccessRequest& request) {
  AccessRequest stored = request;
  stored.status = AccessStatus::pending;
  stored.decided_by.reset();
  stored.decision_reason.reset();
  stored.decided_at_ms.reset();
  try {
    auto insert = db.prepare(
        "INSERT INTO access_requests (id, team_id, model, status, requested_by, reason, "
        "created_at) VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6)");
    insert.bind_text(1, stored.id)
        .bind_text(2, stored.team_id)
        .bind_text(3, stored.model)
        .bind_text(4, stored.requested_by)
        .bind_text(5, stored.reason)
        .bind_int(6, stored.created_at_ms);
    insert.run();
  } catch (const SqliteError& e) {
    // The partial unique index (one pending request per team and model) fails as a UNIQUE
    // violation naming team_id and model, the primary key as one naming the id.
    if (e.is_unique_violation() &&
        e.sqlite_message().find("access_requests.model") != std::string::npos) {
      return conflict_error(
          "team '" + stored.team_id + "' already has a pending request for '" + stored.model + "'",
          "duplicate_id");
    }
    return constraint_error(e, "access request", stored.id);
  }
  return stored;
}

Result<AccessRequest> get_access_request(Database& db, std::string_view id) {
  auto request = load(db, id);
  if (!request) return not_found_error("access request", id);
  return std::move(*request);
}

Result<std::vector<AccessRequest>> list_access_requests(Database& db,
                                                        const AccessRequestListOptions& options) {
  std::string sql = sql_text({kSelect, "WHERE id > ?1"});
  if (options.team_id) sql += " AND team_id = ?2";
  if (options.status) sql += " AND status = ?3";
  sql += " ORDER BY id LIMIT ?4";
  auto select = db.prepare(sql);
  select.bind_text(1, options.page.after_id);
  if (options.team_id) select.bind_text(2, *options.team_id);
  if (options.status) select.bind_text(3, to_string(*options.status));
  select.bind_int(4, static_cast<std::int64_t>(std::min(options.page.limit, kMaxPageSize)));
  std::vector<AccessRequest> requests;
  while (select.step()) requests.push_back(read_request(select));
  return requests;
}

Result<AccessRequest> decide_access_request(Database& db, std::string_view id,
                                            const AccessDecision& decision, std::int64_t now_ms) {
  Transaction transaction(db);
  auto request = load(db, id);
  if (!request) return not_found_error("access request", id);
  if (request->status != AccessStatus::pending) {
    return conflict_error("access request '" + request->id + "' was already " +
                          std::string(to_string(request->status)));
  }
  request->status = decision.approve ? AccessStatus::approved : AccessStatus::rejected;
  request->decided_by = decision.decided_by;
  request->decision_reason = decision.reason;
  request->decided_at_ms = now_ms;
  auto update = db.prepare(
      "UPDATE access_requests SET status = ?2, decided_by = ?3, decision_reason = ?4, "
      "decided_at = ?5 WHERE id = ?1");
  update.bind_text(1, request->id)
      .bind_text(2, to_string(request->status))
      .bind_text(3, decision.decided_by)
      .bind_text(4, decision.reason)
      .bind_int(5, now_ms);
  update.run();
  transaction.commit();
  return std::move(*request);
}

Result<std::optional<AccessRequest>> latest_access_request(Database& db, std::string_view team_id,
                                                           std::string_view model) {
  auto select = db.prepare(sql_text({kSelect,
                                     "WHERE team_id = ?1 AND model = ?2 "
                                     "ORDER BY created_at DESC, rowid DESC LIMIT 1"}));
  select.bind_text(1, team_id).bind_text(2, model);
  if (!select.step()) return std::optional<AccessRequest>();
  return std::optional<AccessRequest>(read_request(select));
}

}  // namespace llmgw::store::sqlite
