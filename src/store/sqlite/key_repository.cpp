#include "store/sqlite/key_repository.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace llmgw::store::sqlite {
namespace {

// Column order shared by SELECT (0-based) and the full-row INSERT/UPDATE (?1..?21).
constexpr std::string_view kColumns =
    "id, team_id, role, secret_sha256, previous_secret_sha256, previous_secret_expires_at, "
    "allowed_models, rpm, tpm, max_parallel, budget_pico, budget_period, expires_at, tags, "
    "source, created_at, updated_at, revoked_at, model_rpm, model_tpm, model_max_parallel";

constexpr std::string_view kInsert =
    "INSERT INTO keys (id, team_id, role, secret_sha256, previous_secret_sha256, "
    "previous_secret_expires_at, allowed_models, rpm, tpm, max_parallel, budget_pico, "
    "budget_period, expires_at, tags, source, created_at, updated_at, revoked_at, model_rpm, "
    "model_tpm, model_max_parallel) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21)";

constexpr std::string_view kUpdate =
    "UPDATE keys SET team_id = ?2, role = ?3, secret_sha256 = ?4, previous_secret_sha256 = ?5, "
    "previous_secret_expires_at = ?6, allowed_models = ?7, rpm = ?8, tpm = ?9, "
    "max_parallel = ?10, budget_pico = ?11, budget_period = ?12, expires_at = ?13, tags = ?14, "
    "source = ?15, created_at = ?16, updated_at = ?17, revoked_at = ?18, model_rpm = ?19, "
    "model_tpm = ?20, model_max_parallel = ?21 WHERE id = ?1";

std::string select_sql(std::string_view where) {
  return sql_text({"SELECT ", kColumns, " FROM keys ", where});
}

config::Sha256 to_sha256(const std::vector<std::uint8_t>& bytes) {
  config::Sha256 out{};
  if (bytes.size() != out.size()) throw std::runtime_error("store: malformed key hash");
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

KeyRecord read_key(const Statement& row) {
  KeyRecord key;
  key.id = row.column_text(0);
  key.team_id = row.column_text(1);
  key.role = parse_key_role(row.column_text(2));
  key.secret_sha256 = to_sha256(row.column_blob(3));
  if (!row.is_null(4)) key.previous_secret_sha256 = to_sha256(row.column_blob(4));
  key.previous_secret_expires_at_ms = row.column_optional_int(5);
  key.allowed_models = strings_from_json(row.column_text(6));
  key.limits.rpm = row.column_int(7);
  key.limits.tpm = row.column_int(8);
  key.limits.max_parallel = row.column_int(9);
  key.budget.amount = row.column_int(10);
  key.budget.period = parse_budget_period(row.column_text(11));
  key.expires_at_ms = row.column_optional_int(12);
  key.tags = tags_from_json(row.column_text(13));
  key.source = parse_source(row.column_text(14));
  key.created_at_ms = row.column_int(15);
  key.updated_at_ms = row.column_int(16);
  key.revoked_at_ms = row.column_optional_int(17);
  key.model_limits.rpm = row.column_int(18);
  key.model_limits.tpm = row.column_int(19);
  key.model_limits.max_parallel = row.column_int(20);
  return key;
}

void bind_key(Statement& statement, const KeyRecord& key) {
  statement.bind_text(1, key.id)
      .bind_text(2, key.team_id)
      .bind_text(3, to_string(key.role))
      .bind_blob(4, key.secret_sha256);
  if (key.previous_secret_sha256) {
    statement.bind_blob(5, *key.previous_secret_sha256);
  } else {
    statement.bind_null(5);
  }
  statement.bind_optional(6, key.previous_secret_expires_at_ms)
      .bind_text(7, strings_to_json(key.allowed_models))
      .bind_int(8, key.limits.rpm)
      .bind_int(9, key.limits.tpm)
      .bind_int(10, key.limits.max_parallel)
      .bind_int(11, key.budget.amount)
      .bind_text(12, to_string(key.budget.period))
      .bind_optional(13, key.expires_at_ms)
      .bind_text(14, tags_to_json(key.tags))
      .bind_text(15, to_string(key.source))
      .bind_int(16, key.created_at_ms)
      .bind_int(17, key.updated_at_ms)
      .bind_optional(18, key.revoked_at_ms)
      .bind_int(19, key.model_limits.rpm)
      .bind_int(20, key.model_limits.tpm)
      .bind_int(21, key.model_limits.max_parallel);
}

// The secret hash has its own UNIQUE constraint; reusing one is not an id clash, and the
// message must not suggest which key holds it.
Error key_constraint_error(const SqliteError& error, std::string_view id) {
  if (error.is_unique_violation() &&
      error.sqlite_message().find("secret_sha256") != std::string::npos) {
    return conflict_error("key '" + std::string(id) + "': the secret is already in use",
                          "duplicate_secret");
  }
  return constraint_error(error, "key", id);
}

std::optional<KeyRecord> load(Database& db, std::string_view id) {
  auto select = db.prepare(select_sql("WHERE id = ?1"));
  select.bind_text(1, id);
  if (!select.step()) return std::nullopt;
  return read_key(select);
}

// Read, change and write one key in a transaction. `change` returns an Error to refuse.
template <class Change>
Result<KeyRecord> modify(Database& db, std::string_view id, Change change) {
  Transaction transaction(db);
  auto key = load(db, id);
  if (!key) return not_found_error("key", id);
  if (key->source == Source::yaml) return read_only_error("key", id);
  if (std::optional<Error> refusal = change(*key)) return std::move(*refusal);
  try {
    auto update = db.prepare(kUpdate);
    bind_key(update, *key);
    update.run();
  } catch (const SqliteError& e) {
    return key_constraint_error(e, id);
  }
  transaction.commit();
  return std::move(*key);
}

}  // namespace

Result<KeyRecord> create_key(Database& db, const KeyRecord& key) {
  try {
    auto insert = db.prepare(kInsert);
    bind_key(insert, key);
    insert.run();
  } catch (const SqliteError& e) {
    return key_constraint_error(e, key.id);
  }
  return key;
}

Result<KeyRecord> get_key(Database& db, std::string_view id) {
  auto key = load(db, id);
  if (!key) return not_found_error("key", id);
  return std::move(*key);
}

Result<std::vector<KeyRecord>> list_keys(Database& db, const KeyListOptions& options) {
  std::string where = "WHERE id > ?1";
  if (options.team_id) where += " AND team_id = ?2";
  if (!options.include_revoked) where += " AND revoked_at IS NULL";
  where += " ORDER BY id LIMIT ?3";
  auto select = db.prepare(select_sql(where));
  select.bind_text(1, options.page.after_id);
  if (options.team_id) select.bind_text(2, *options.team_id);
  select.bind_int(3, static_cast<std::int64_t>(std::min(options.page.limit, kMaxPageSize)));
  std::vector<KeyRecord> keys;
  while (select.step()) keys.push_back(read_key(select));
  return keys;
}

Result<KeyRecord> patch_key(Database& db, std::string_view id, const KeyPatch& patch,
                            std::int64_t now_ms) {
  return modify(db, id, [&](KeyRecord& key) -> std::optional<Error> {
    if (key.revoked()) return conflict_error("key '" + key.id + "' is revoked");
    if (patch.role) key.role = *patch.role;
    if (patch.allowed_models) key.allowed_models = *patch.allowed_models;
    if (patch.rpm) key.limits.rpm = *patch.rpm;
    if (patch.tpm) key.limits.tpm = *patch.tpm;
    if (patch.max_parallel) key.limits.max_parallel = *patch.max_parallel;
    if (patch.model_rpm) key.model_limits.rpm = *patch.model_rpm;
    if (patch.model_tpm) key.model_limits.tpm = *patch.model_tpm;
    if (patch.model_max_parallel) key.model_limits.max_parallel = *patch.model_max_parallel;
    if (patch.budget) key.budget = *patch.budget;
    if (patch.expires_at_ms) key.expires_at_ms = *patch.expires_at_ms;
    if (patch.tags) key.tags = *patch.tags;
    key.updated_at_ms = now_ms;
    return std::nullopt;
  });
}

Result<KeyRecord> revoke_key(Database& db, std::string_view id, std::int64_t now_ms) {
  return modify(db, id, [&](KeyRecord& key) -> std::optional<Error> {
    if (key.revoked()) return std::nullopt;
    key.revoked_at_ms = now_ms;
    key.updated_at_ms = now_ms;
    return std::nullopt;
  });
}

Result<KeyRecord> rotate_key(Database& db, std::string_view id,
                             const config::Sha256& new_secret_sha256,
                             std::chrono::milliseconds grace, std::int64_t now_ms) {
  if (grace.count() < 0) return Error::invalid_request("rotate: the grace period is negative");
  return modify(db, id, [&](KeyRecord& key) -> std::optional<Error> {
    if (key.revoked()) return conflict_error("key '" + key.id + "' is revoked");
    if (grace.count() > 0) {
      key.previous_secret_sha256 = key.secret_sha256;
      key.previous_secret_expires_at_ms = now_ms + grace.count();
    } else {
      key.previous_secret_sha256.reset();
      key.previous_secret_expires_at_ms.reset();
    }
    key.secret_sha256 = new_secret_sha256;
    key.updated_at_ms = now_ms;
    return std::nullopt;
  });
}

Result<std::optional<KeyRecord>> find_key_by_secret(Database& db,
                                                    const config::Sha256& secret_sha256,
                                                    std::int64_t now_ms) {
  // Two lookups through the two UNIQUE indexes; the current secret wins if both match.
  auto current = db.prepare(select_sql("WHERE secret_sha256 = ?1"));
  current.bind_blob(1, secret_sha256);
  if (current.step()) return std::optional<KeyRecord>(read_key(current));
  auto previous = db.prepare(
      select_sql("WHERE previous_secret_sha256 = ?1 AND previous_secret_expires_at > ?2"));
  previous.bind_blob(1, secret_sha256).bind_int(2, now_ms);
  if (previous.step()) return std::optional<KeyRecord>(read_key(previous));
  return std::optional<KeyRecord>();
}

}  // namespace llmgw::store::sqlite
