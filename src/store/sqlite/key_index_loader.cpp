#include "store/sqlite/key_index_loader.hpp"

#include <map>
#include <utility>

namespace llmgw::store::sqlite {

namespace {

// A deferred read transaction: every row read comes from one snapshot of the WAL.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db) : db_(db) { db_.exec("BEGIN"); }
  ~ReadTransaction() {
    try {
      db_.exec("COMMIT");
    } catch (...) {  // Nothing was written; a failed COMMIT of a read loses nothing.
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

std::vector<governance::IndexedKey> read_keys(Database& db) {
  std::vector<governance::IndexedKey> keys;
  KeyListOptions options;
  options.include_revoked = true;
  options.page.limit = kMaxPageSize;
  for (;;) {
    auto page = list_keys(db, options);
    if (!page) throw std::runtime_error(page.error().message);
    for (const KeyRecord& record : *page) {
      governance::IndexedKey key;
      key.key = to_key_config(record);
      key.previous_secret_sha256 = record.previous_secret_sha256;
      key.previous_until_ms = record.previous_secret_expires_at_ms.value_or(0);
      key.revoked_at_ms = record.revoked_at_ms;
      keys.push_back(std::move(key));
    }
    if (page->size() < kMaxPageSize) return keys;
    options.page.after_id = page->back().id;
  }
}

std::vector<config::TeamConfig> read_teams(Database& db) {
  std::vector<config::TeamConfig> teams;
  Page page{{}, kMaxPageSize};
  for (;;) {
    auto rows = list_teams(db, page);
    if (!rows) throw std::runtime_error(rows.error().message);
    for (const TeamRecord& record : *rows) teams.push_back(to_team_config(record));
    if (rows->size() < kMaxPageSize) return teams;
    page.after_id = rows->back().id;
  }
}

// Per team and model: approved once any request was approved (a decision is never undone
// through a later request: one cannot be made while approved), else the latest request.
std::vector<governance::AccessEntry> read_access(Database& db) {
  std::map<std::pair<std::string, std::string>, governance::ModelAccess> by_pair;
  auto select =
      db.prepare("SELECT team_id, model, status, id FROM access_requests ORDER BY created_at, id");
  while (select.step()) {
    governance::ModelAccess& access = by_pair[{select.column_text(0), select.column_text(1)}];
    if (access.approved) continue;
    const std::string status = select.column_text(2);
    if (status == "approved") {
      access = governance::ModelAccess{true, {}, false};
    } else {
      access.request_id = select.column_text(3);
      access.pending = status == "pending";
    }
  }
  std::vector<governance::AccessEntry> entries;
  entries.reserve(by_pair.size());
  for (auto& [pair, access] : by_pair) {
    entries.push_back({pair.first, pair.second, std::move(access)});
  }
  return entries;
}

}  // namespace

config::KeyConfig to_key_config(const KeyRecord& record) {
  config::KeyConfig key;
  key.id = record.id;
  key.secret_sha256 = record.secret_sha256;
  key.allowed_models = record.allowed_models;
  key.team = record.team_id;
  key.role = record.role;
  key.limits = record.limits;
  key.per_model_limits = record.model_limits;
  key.budget = record.budget;
  // The request path compares whole seconds; round up so a key never ends early.
  if (record.expires_at_ms) key.expires_at = (*record.expires_at_ms + 999) / 1000;
  key.tags = record.tags;
  return key;
}

config::TeamConfig to_team_config(const TeamRecord& record) {
  config::TeamConfig team;
  team.id = record.id;
  team.allowed_models = record.allowed_models;
  team.limits = record.limits;
  team.budget = record.budget;
  team.tags = record.tags;
  return team;
}

std::shared_ptr<const governance::KeyIndex> load_key_index(Database& db, std::uint64_t generation) {
  ReadTransaction transaction(db);
  auto keys = read_keys(db);
  auto teams = read_teams(db);
  auto access = read_access(db);
  return std::make_shared<const governance::KeyIndex>(generation, std::move(keys), std::move(teams),
                                                      std::move(access));
}

}  // namespace llmgw::store::sqlite
