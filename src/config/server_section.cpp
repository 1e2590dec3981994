#include <filesystem>
#include <system_error>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace llmgw::config {

namespace {

// Certificates are loaded when the listener starts; checking here lets --check-config warn
// early without making a config that is checked on another host fail.
void read_tls_file(MapReader& map, std::string_view key, LoadContext& ctx, std::string& out) {
  if (!map.read_string(key, out) || out.empty()) return;
  out = ctx.resolve_path(out);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(out, ec)) {
    ctx.diag.warning(map.child(key), "file " + out + " does not exist or is not a regular file");
  }
}

void read_tls(const DocNode& node, LoadContext& ctx, TlsConfig& out) {
  MapReader map(node, "server.tls", ctx.diag);
  read_tls_file(map, "cert_file", ctx, out.cert_file);
  read_tls_file(map, "key_file", ctx, out.key_file);
  map.finish();
}

void read_limits(const DocNode& node, Diagnostics& diag, ServerLimits& out) {
  MapReader map(node, "server.limits", diag);
  map.read_size("max_header_bytes", out.max_header_bytes);
  map.read_size("max_body_bytes", out.max_body_bytes);
  map.read_integer("max_connections", out.max_connections);
  map.finish();
}

void read_timeouts(const DocNode& node, Diagnostics& diag, ServerTimeouts& out) {
  MapReader map(node, "server.timeouts", diag);
  map.read_duration("header_read", out.header_read);
  map.read_duration("body_read", out.body_read);
  map.read_duration("idle_keep_alive", out.idle_keep_alive);
  map.read_duration("write", out.write);
  map.read_duration("drain", out.drain);
  map.finish();
}

}  // namespace

void read_server(const DocNode& node, LoadContext& ctx, ServerConfig& out) {
  MapReader map(node, "server", ctx.diag);
  map.read_listen("listen", out.listen);
  map.read_integer("workers", out.workers);
  map.read_integer("busy_poll_us", out.busy_poll_us);
  map.read_integer("random_seed", out.random_seed);
  if (const auto* tls = map.mapping("tls")) read_tls(*tls, ctx, out.tls);
  if (const auto* limits = map.mapping("limits")) read_limits(*limits, ctx.diag, out.limits);
  if (const auto* timeouts = map.mapping("timeouts")) {
    read_timeouts(*timeouts, ctx.diag, out.timeouts);
  }
  map.finish();
}

}  // namespace llmgw::config
