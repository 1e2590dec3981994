#include "admin/resource_input.hpp"

#include "admin/json_input.hpp"
#include "config/rfc3339.hpp"
#include "llmgw/governance/money.hpp"

namespace llmgw::admin {

namespace {

using store::sqlite::KeyPatch;
using store::sqlite::TeamPatch;

constexpr std::int64_t kMaxGraceSeconds = 30LL * 24 * 3600;

// A `limits`-shaped object; members stay unset when absent.
struct LimitFields {
  std::optional<std::int64_t> rpm;
  std::optional<std::int64_t> tpm;
  std::optional<std::int64_t> max_parallel;

  config::RateLimits or_none() const {
    return {rpm.value_or(0), tpm.value_or(0), max_parallel.value_or(0)};
  }
};

// The fields keys and teams share. Optional members stay unset when absent.
struct GovernanceFields {
  std::optional<std::vector<std::string>> models;  ///< Empty vector: cleared (null).
  LimitFields limits;
  std::optional<config::BudgetConfig> budget;  ///< amount 0: cleared (null).
  std::optional<config::Tags> tags;
};

LimitFields read_limits(ObjectReader& reader, std::string_view name) {
  LimitFields fields;
  const nlohmann::json* node = reader.object(name);
  if (node == nullptr) return fields;
  ObjectReader limits(*node, std::string(name));
  // 0 is "no limit at this scope", as in the store.
  fields.rpm = limits.integer("rpm", 0, kMaxRate);
  fields.tpm = limits.integer("tpm", 0, kMaxRate);
  fields.max_parallel = limits.integer("max_parallel", 0, kMaxRate);
  limits.finish();
  reader.merge(limits);
  return fields;
}

std::optional<config::BudgetConfig> read_budget(ObjectReader& reader) {
  const nlohmann::json* node = reader.object("budget");
  if (node == nullptr) return std::nullopt;
  if (node->is_null()) return config::BudgetConfig{};
  ObjectReader budget(*node, "budget");
  config::BudgetConfig out;
  if (budget.has("amount") && !budget.object("amount")->is_string()) {
    budget.fail("amount", "must be a string of USD such as \"250.00\" (exact, not a float)");
  } else if (auto amount = budget.string("amount")) {
    std::string error;
    auto pico = governance::parse_usd(*amount, error);
    if (!pico) {
      budget.fail("amount", error);
    } else if (*pico <= 0) {
      budget.fail("amount", "must be more than 0 USD; send \"budget\": null for no budget");
    } else {
      out.amount = *pico;
    }
  } else if (!budget.error()) {
    budget.fail("amount", "is required");
  }
  if (auto period = budget.string("period")) {
    if (*period == "day") {
      out.period = config::BudgetPeriod::day;
    } else if (*period == "week") {
      out.period = config::BudgetPeriod::week;
    } else if (*period == "month") {
      out.period = config::BudgetPeriod::month;
    } else if (*period == "total") {
      out.period = config::BudgetPeriod::total;
    } else {
      budget.fail("period", "must be one of day, week, month, total");
    }
  }
  budget.finish();
  reader.merge(budget);
  return out;
}

GovernanceFields read_governance(ObjectReader& reader) {
  GovernanceFields fields;
  if (reader.is_null("models")) {
    reader.accept("models");
    fields.models.emplace();
  } else if (auto models = reader.string_list("models", kMaxModels)) {
    if (models->empty()) {
      reader.fail("models", "must not be empty; send null (or leave it out) to allow every model");
    }
    fields.models = std::move(models);
  }
  fields.limits = read_limits(reader, "limits");
  fields.budget = read_budget(reader);
  fields.tags = reader.string_map("tags", kMaxTags);
  return fields;
}

// Key and team patches name the same governance fields: what the body set, left unset
// otherwise.
template <typename Patch>
void patch_governance(Patch& patch, GovernanceFields&& fields) {
  patch.allowed_models = std::move(fields.models);
  patch.rpm = fields.limits.rpm;
  patch.tpm = fields.limits.tpm;
  patch.max_parallel = fields.limits.max_parallel;
  patch.budget = fields.budget;
  patch.tags = std::move(fields.tags);
}

std::optional<std::optional<std::int64_t>> read_expiry(ObjectReader& reader) {
  if (reader.is_null("expires_at")) {
    reader.accept("expires_at");
    return std::optional<std::int64_t>();
  }
  auto text = reader.string("expires_at");
  if (!text) return std::nullopt;
  auto seconds = config::parse_rfc3339(*text);
  if (!seconds) {
    reader.fail("expires_at", "must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
    return std::nullopt;
  }
  return std::optional<std::int64_t>(*seconds * 1000);
}

std::optional<config::KeyRole> read_role(ObjectReader& reader) {
  auto role = reader.string("role");
  if (!role) return std::nullopt;
  if (*role == "user") return config::KeyRole::user;
  if (*role == "team_admin") return config::KeyRole::team_admin;
  reader.fail("role", "must be user or team_admin");
  return std::nullopt;
}

// Fields a write may not change get their own message rather than "unknown field".
void refuse_immutable(ObjectReader& reader, std::initializer_list<std::string_view> names,
                      std::string_view what) {
  for (std::string_view name : names) {
    if (!reader.has(name)) continue;
    reader.accept(name);
    reader.fail(name, std::string("cannot be changed; ") + std::string(what));
  }
}

template <class T>
Result<T> finish(ObjectReader& reader, T value) {
  if (auto error = reader.finish()) return std::move(*error);
  return value;
}

}  // namespace

bool valid_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<KeyCreate> read_key_create(const nlohmann::json& body) {
  ObjectReader reader(body);
  KeyCreate out;
  if (auto id = reader.string("id")) {
    if (!valid_id(*id)) reader.fail("id", "must be 1-64 letters, digits, '_', '.' or '-'");
    out.key.id = *id;
    out.id_given = true;
  }
  if (auto team = reader.string("team")) {
    if (!valid_id(*team)) reader.fail("team", "must be a team id");
    out.key.team_id = *team;
    out.team_given = true;
  }
  if (auto role = read_role(reader)) out.key.role = *role;
  GovernanceFields fields = read_governance(reader);
  if (fields.models) out.key.allowed_models = std::move(*fields.models);
  out.key.limits = fields.limits.or_none();
  out.key.model_limits = read_limits(reader, "model_limits").or_none();
  if (fields.budget) out.key.budget = *fields.budget;
  if (fields.tags) out.key.tags = std::move(*fields.tags);
  if (auto expiry = read_expiry(reader)) out.key.expires_at_ms = *expiry;
  refuse_immutable(reader, {"secret", "secret_sha256"}, "the gateway makes the secret");
  return finish(reader, std::move(out));
}

Result<KeyUpdate> read_key_update(const nlohmann::json& body) {
  ObjectReader reader(body);
  refuse_immutable(reader, {"id", "team"}, "create a new key instead");
  refuse_immutable(reader, {"secret", "secret_sha256"}, "rotate the key instead");
  KeyUpdate out;
  KeyPatch& patch = out.patch;
  patch.role = read_role(reader);
  GovernanceFields fields = read_governance(reader);
  patch_governance(patch, std::move(fields));
  const LimitFields model_limits = read_limits(reader, "model_limits");
  patch.model_rpm = model_limits.rpm;
  patch.model_tpm = model_limits.tpm;
  patch.model_max_parallel = model_limits.max_parallel;
  patch.expires_at_ms = read_expiry(reader);
  return finish(reader, std::move(out));
}

Result<Rotation> read_rotation(const nlohmann::json& body) {
  ObjectReader reader(body);
  Rotation out;
  if (auto grace = reader.integer("grace_seconds", 0, kMaxGraceSeconds)) out.grace_seconds = *grace;
  return finish(reader, out);
}

Result<store::sqlite::TeamRecord> read_team_create(const nlohmann::json& body) {
  ObjectReader reader(body);
  store::sqlite::TeamRecord team;
  if (auto id = reader.string("id")) {
    if (!valid_id(*id)) reader.fail("id", "must be 1-64 letters, digits, '_', '.' or '-'");
    team.id = *id;
  } else if (!reader.error()) {
    reader.fail("id", "is required");
  }
  GovernanceFields fields = read_governance(reader);
  if (fields.models) team.allowed_models = std::move(*fields.models);
  team.limits = fields.limits.or_none();
  if (fields.budget) team.budget = *fields.budget;
  if (fields.tags) team.tags = std::move(*fields.tags);
  return finish(reader, std::move(team));
}

Result<TeamPatch> read_team_update(const nlohmann::json& body) {
  ObjectReader reader(body);
  refuse_immutable(reader, {"id"}, "create a new team instead");
  TeamPatch patch;
  GovernanceFields fields = read_governance(reader);
  patch_governance(patch, std::move(fields));
  return finish(reader, std::move(patch));
}

Result<AccessRequestInput> read_access_request(const nlohmann::json& body) {
  ObjectReader reader(body);
  AccessRequestInput out;
  if (auto model = reader.string("model")) {
    out.model = *model;
  } else if (!reader.error()) {
    reader.fail("model", "is required");
  }
  if (auto team = reader.string("team")) {
    if (!valid_id(*team)) reader.fail("team", "must be a team id");
    out.team = *team;
  }
  if (auto reason = reader.string("reason")) out.reason = *reason;
  return finish(reader, std::move(out));
}

Result<std::string> read_decision_reason(const nlohmann::json& body) {
  ObjectReader reader(body);
  std::string reason = reader.string("reason").value_or("");
  return finish(reader, std::move(reason));
}

}  // namespace llmgw::admin
