// admin: the admin API's listener and the platform admin key.

#include "config/map_reader.hpp"
#include "config/secrets.hpp"
#include "config/sections.hpp"

namespace llmgw::config {

void read_admin(const DocNode& node, LoadContext& ctx, AdminConfig& out) {
  MapReader map(node, "admin", ctx.diag);
  out.enabled = true;
  map.read_listen("listen", out.listen);
  map.read_size("max_body_bytes", out.max_body_bytes);
  // The same sources as a key's secret: an env reference, a file, or only its hash.
  SecretSource secret{"admin", "secret", "secret_file", {}, {}, {}};
  map.read_optional_string("secret", secret.value);
  map.read_optional_string("secret_file", secret.file);
  map.read_optional_string("secret_sha256", secret.sha256_hex);
  KeyConfig platform_admin;
  platform_admin.id = "admin";
  resolve_key_secret(secret, ctx, platform_admin);
  out.key_sha256 = platform_admin.secret_sha256;
  out.key_enabled = platform_admin.enabled;
  map.finish();
}

}  // namespace llmgw::config
