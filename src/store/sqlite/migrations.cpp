#include "store/sqlite/migrations.hpp"

#include <array>

namespace llmgw::store::sqlite {
namespace {

// Conventions: STRICT tables (a wrong type is an error, not a silent conversion); times are
// unix milliseconds (INTEGER); money is pico-USD (INTEGER, exact); limits use 0 for "none",
// as the config does; lists and tags are JSON text (read whole, never queried inside).
// Keys and access requests name their team without a foreign key: teams may be declared in
// the config file and live only there. Spend rows have no foreign keys at all: the history
// of a revoked key or a removed team must stay.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE teams (
  id             TEXT PRIMARY KEY NOT NULL,
  allowed_models TEXT NOT NULL DEFAULT '[]',
  rpm            INTEGER NOT NULL DEFAULT 0 CHECK (rpm >= 0),
  tpm            INTEGER NOT NULL DEFAULT 0 CHECK (tpm >= 0),
  max_parallel   INTEGER NOT NULL DEFAULT 0 CHECK (max_parallel >= 0),
  budget_pico    INTEGER NOT NULL DEFAULT 0 CHECK (budget_pico >= 0),
  budget_period  TEXT NOT NULL DEFAULT 'month'
                 CHECK (budget_period IN ('day', 'week', 'month', 'total')),
  tags           TEXT NOT NULL DEFAULT '{}',
  source         TEXT NOT NULL CHECK (source IN ('yaml', 'api')),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE keys (
  id                         TEXT PRIMARY KEY NOT NULL,
  team_id                    TEXT NOT NULL DEFAULT '',
  role                       TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'team_admin')),
  secret_sha256              BLOB NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
  previous_secret_sha256     BLOB UNIQUE
                             CHECK (previous_secret_sha256 IS NULL
                                    OR length(previous_secret_sha256) = 32),
  previous_secret_expires_at INTEGER,
  allowed_models             TEXT NOT NULL DEFAULT '[]',
  rpm                        INTEGER NOT NULL DEFAULT 0 CHECK (rpm >= 0),
  tpm                        INTEGER NOT NULL DEFAULT 0 CHECK (tpm >= 0),
  max_parallel               INTEGER NOT NULL DEFAULT 0 CHECK (max_parallel >= 0),
  budget_pico                INTEGER NOT NULL DEFAULT 0 CHECK (budget_pico >= 0),
  budget_period              TEXT NOT NULL DEFAULT 'month'
                             CHECK (budget_period IN ('day', 'week', 'month', 'total')),
  expires_at                 INTEGER,
  tags                       TEXT NOT NULL DEFAULT '{}',
  source                     TEXT NOT NULL CHECK (source IN ('yaml', 'api')),
  created_at                 INTEGER NOT NULL,
  updated_at                 INTEGER NOT NULL,
  revoked_at                 INTEGER
) STRICT;
CREATE INDEX keys_by_team ON keys (team_id, id);

CREATE TABLE access_requests (
  id              TEXT PRIMARY KEY NOT NULL,
  team_id         TEXT NOT NULL,
  model           TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by    TEXT NOT NULL,
  reason          TEXT NOT NULL DEFAULT '',
  decided_by      TEXT,
  decision_reason TEXT,
  created_at      INTEGER NOT NULL,
  decided_at      INTEGER,
  CHECK ((status = 'pending') = (decided_at IS NULL))
) STRICT;
CREATE INDEX access_requests_by_team ON access_requests (team_id, model, status);
-- One open request per team and model: asking twice is a duplicate, not a second row.
CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (team_id, model)
  WHERE status = 'pending';

-- One row per request. Tokens as OpenAI reports them: cached and cache_write are inside
-- input_tokens, reasoning inside output_tokens. cost_pico is NULL when the model is unpriced.
CREATE TABLE spend (
  seq                INTEGER PRIMARY KEY,
  request_id         TEXT NOT NULL,
  key_id             TEXT NOT NULL,
  team_id            TEXT NOT NULL,
  model              TEXT NOT NULL,
  deployment         TEXT NOT NULL,
  provider           TEXT NOT NULL,
  endpoint           TEXT NOT NULL,
  input_tokens       INTEGER NOT NULL,
  output_tokens      INTEGER NOT NULL,
  cached_tokens      INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  reasoning_tokens   INTEGER NOT NULL,
  cost_pico          INTEGER,
  latency_ms         INTEGER NOT NULL,
  status             INTEGER NOT NULL,
  started_at         INTEGER NOT NULL
) STRICT;
-- Usage queries filter on a time range, optionally one team (a team admin's view), and
-- group by key, team or model; per-key and per-model look-ups over time use the others.
CREATE INDEX spend_by_time ON spend (started_at);
CREATE INDEX spend_by_team ON spend (team_id, started_at);
CREATE INDEX spend_by_key ON spend (key_id, started_at);
CREATE INDEX spend_by_model ON spend (model, started_at);
)sql";

// A key's limits per model it calls (the key × model scope), settable through the admin API
// as in the config file.
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE keys ADD COLUMN model_rpm INTEGER NOT NULL DEFAULT 0 CHECK (model_rpm >= 0);
ALTER TABLE keys ADD COLUMN model_tpm INTEGER NOT NULL DEFAULT 0 CHECK (model_tpm >= 0);
ALTER TABLE keys ADD COLUMN model_max_parallel INTEGER NOT NULL DEFAULT 0
  CHECK (model_max_parallel >= 0);
)sql";

constexpr std::array<Migration, 2> kMigrations = {{{1, kSchemaV1}, {2, kSchemaV2}}};

}  // namespace

std::span<const Migration> builtin_migrations() noexcept {
  return kMigrations;
}

int current_schema_version() noexcept {
  return kMigrations.back().version;
}

SchemaTooNewError::SchemaTooNewError(const std::string& file, int found, int known)
    : std::runtime_error(file + ": schema version " + std::to_string(found) +
                         " was written by a newer llmgw; this binary knows up to version " +
                         std::to_string(known) +
                         ". Run the newer llmgw, or restore a backup made before the upgrade.") {}

int schema_version(Database& db) {
  auto statement = db.prepare("PRAGMA user_version");
  statement.step();
  return static_cast<int>(statement.column_int(0));
}

int migrate(Database& db, std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      throw std::invalid_argument("migrations must be numbered 1, 2, 3, ... in order");
    }
  }
  const int known = static_cast<int>(migrations.size());
  // Read the version inside the write transaction: another process starting at the same
  // time on the same file then waits for us and finds the work done.
  Transaction transaction(db);
  const int found = schema_version(db);
  if (found > known) throw SchemaTooNewError(db.file().string(), found, known);
  for (const Migration& migration : migrations.subspan(static_cast<std::size_t>(found))) {
    db.exec(migration.sql);
    // PRAGMA takes no bound parameters; the value is our own integer.
    db.exec("PRAGMA user_version = " + std::to_string(migration.version));
  }
  transaction.commit();
  return found;
}

}  // namespace llmgw::store::sqlite
