#include "config/governance_reader.hpp"
#include "config/map_reader.hpp"
#include "config/rfc3339.hpp"
#include "config/secrets.hpp"
#include "config/sections.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxKeys = 100'000;

KeyConfig read_key(const DocNode& node, const std::string& path, LoadContext& ctx) {
  KeyConfig key;
  MapReader map(node, path, ctx.diag);
  map.require_string("id", key.id);
  SecretSource secret{path, "secret", "secret_file", {}, {}, {}};
  map.read_optional_string("secret", secret.value);
  map.read_optional_string("secret_file", secret.file);
  map.read_optional_string("secret_sha256", secret.sha256_hex);
  resolve_key_secret(secret, ctx, key);
  if (map.read_string_list("models", key.allowed_models) && key.allowed_models.empty()) {
    // KeyConfig treats an empty list as "all models"; an explicit [] surely meant "none".
    ctx.diag.error(map.child("models"), "must not be empty; leave it out to allow every model");
  }
  map.read_string("team", key.team);
  map.read_enum("role", key.role, {{"user", KeyRole::user}, {"team_admin", KeyRole::team_admin}});
  read_governance(map, ctx.diag, key.limits, key.budget, key.tags);
  if (const auto* node = map.mapping("model_limits")) {
    read_rate_limits(*node, map.child("model_limits"), ctx.diag, key.per_model_limits);
  }
  std::string expires;
  if (map.read_string("expires", expires)) {
    if (auto seconds = parse_rfc3339(expires)) {
      key.expires_at = *seconds;
    } else {
      ctx.diag.error(map.child("expires"), "must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
    }
  }
  map.finish();
  return key;
}

}  // namespace

void read_keys(const DocNode& list, LoadContext& ctx, std::vector<KeyConfig>& out) {
  if (list.items.size() > kMaxKeys) {
    ctx.diag.error("keys", list.line, "more than " + std::to_string(kMaxKeys) + " keys");
    return;
  }
  for (std::size_t i = 0; i < list.items.size() && !ctx.diag.error_limit_reached(); ++i) {
    const auto path = index_path("keys", i);
    ctx.diag.record_line(path, list.items[i].line);
    if (!list.items[i].is_map()) {
      ctx.diag.error(path, list.items[i].line, "must be a mapping with id and secret");
      continue;
    }
    out.push_back(read_key(list.items[i], path, ctx));
  }
}

}  // namespace llmgw::config
