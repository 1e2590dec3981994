#pragma once
// Virtual keys in the embedded store. Plain functions on a Database&, run by the store
// executor (or directly at start-up). Only the SHA-256 of a secret is ever stored or
// compared here; the secret itself never reaches this layer.
//
// Errors: not_found_error, duplicate_error (id or secret hash already used),
// read_only_error (a key declared in the config file), conflict_error (a revoked key);
// other SQLite failures throw SqliteError (the executor turns them into internal errors).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/config/governance.hpp"
#include "llmgw/core/error.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/repository_support.hpp"

namespace llmgw::store::sqlite {

struct KeyRecord {
  std::string id;
  std::string team_id;  ///< Empty: no team.
  config::KeyRole role = config::KeyRole::user;
  config::Sha256 secret_sha256{};
  /// The secret before the last rotation, accepted until previous_secret_expires_at_ms.
  std::optional<config::Sha256> previous_secret_sha256;
  std::optional<std::int64_t> previous_secret_expires_at_ms;
  std::vector<std::string> allowed_models;  ///< Empty: whatever the team allows.
  config::RateLimits limits;                ///< 0: no limit at the key's scope.
  config::RateLimits model_limits;          ///< Per model it calls (key × model); 0: none.
  config::BudgetConfig budget;
  std::optional<std::int64_t> expires_at_ms;
  config::Tags tags;
  Source source = Source::api;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> revoked_at_ms;

  bool revoked() const noexcept { return revoked_at_ms.has_value(); }
  bool expired(std::int64_t now_ms) const noexcept {
    return expires_at_ms.has_value() && *expires_at_ms <= now_ms;
  }
};

/// The attributes a PATCH may change; unset members stay as they are. Id, team, secret and
/// source never change through a patch.
struct KeyPatch {
  std::optional<config::KeyRole> role;
  std::optional<std::vector<std::string>> allowed_models;
  std::optional<std::int64_t> rpm;
  std::optional<std::int64_t> tpm;
  std::optional<std::int64_t> max_parallel;
  std::optional<std::int64_t> model_rpm;
  std::optional<std::int64_t> model_tpm;
  std::optional<std::int64_t> model_max_parallel;
  std::optional<config::BudgetConfig> budget;
  /// Set to a time, or to nullopt inside the optional to remove the expiry.
  std::optional<std::optional<std::int64_t>> expires_at_ms;
  std::optional<config::Tags> tags;
};

struct KeyListOptions {
  std::optional<std::string> team_id;  ///< Only this team's keys (a team admin's view).
  bool include_revoked = false;
  Page page;
};

/// Inserts `key` as given (created/updated times included). duplicate_error when the id, or
/// the secret hash, is already used.
Result<KeyRecord> create_key(Database& db, const KeyRecord& key);
Result<KeyRecord> get_key(Database& db, std::string_view id);
/// In id order, at most min(page.limit, kMaxPageSize) rows.
Result<std::vector<KeyRecord>> list_keys(Database& db, const KeyListOptions& options);
/// Applies `patch` in one transaction and returns the updated key.
Result<KeyRecord> patch_key(Database& db, std::string_view id, const KeyPatch& patch,
                            std::int64_t now_ms);
/// Sets revoked_at (the first revocation's time is kept: revoking twice is not an error).
Result<KeyRecord> revoke_key(Database& db, std::string_view id, std::int64_t now_ms);
/// Makes `new_secret_sha256` the key's secret; the current one stays valid for `grace`
/// (replacing any earlier previous secret). A zero grace ends the old secret at once.
Result<KeyRecord> rotate_key(Database& db, std::string_view id,
                             const config::Sha256& new_secret_sha256,
                             std::chrono::milliseconds grace, std::int64_t now_ms);
/// The key whose current secret, or whose previous secret still in its grace period, hashes
/// to `secret_sha256`; nullopt when none. Revoked and expired keys are returned as they are:
/// the caller says which (each gets its own 401 message).
Result<std::optional<KeyRecord>> find_key_by_secret(Database& db,
                                                    const config::Sha256& secret_sha256,
                                                    std::int64_t now_ms);

}  // namespace llmgw::store::sqlite
