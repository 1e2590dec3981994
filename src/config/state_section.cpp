// state: where spend records are kept and where counters live (this process, or a Redis
// that several instances share).

#include <string>

#include "config/host_syntax.hpp"
#include "config/map_reader.hpp"
#include "config/secrets.hpp"
#include "config/sections.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxPrefixBytes = 64;
constexpr int kMaxDatabase = 1'000'000;

void check_duration(const Millis& value, const std::string& path, Millis min, Millis max,
                    const std::string& range, Diagnostics& diag) {
  if (value < min || value > max) diag.error(path, "must be between " + range);
}

bool printable_without_spaces(std::string_view text) {
  for (const unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

void read_redis(const DocNode& node, LoadContext& ctx, RedisConfig& out) {
  MapReader map(node, "state.redis", ctx.diag);
  if (map.read_string("host", out.host)) {
    out.host = to_lower_ascii(out.host);
    if (!is_ipv4_literal(out.host) && !is_ipv6_literal(out.host) && !is_hostname(out.host)) {
      ctx.diag.error(map.child("host"), "must be a host name or an IP address (no port, no URL)");
    }
  }
  int port = out.port;
  if (map.read_integer("port", port)) {
    if (port < 1 || port > 65535) {
      ctx.diag.error(map.child("port"), "must be between 1 and 65535");
    } else {
      out.port = static_cast<std::uint16_t>(port);
    }
  }
  map.read_string("username", out.username);
  SecretSource password{"state.redis", "password", "password_file", {}, {}, {}};
  map.read_optional_string("password", password.value);
  map.read_optional_string("password_file", password.file);
  out.password = resolve_required_secret(password, ctx);
  if (map.read_integer("database", out.database) &&
      (out.database < 0 || out.database > kMaxDatabase)) {
    ctx.diag.error(map.child("database"), "must be between 0 and " + std::to_string(kMaxDatabase));
  }
  if (map.read_duration("timeout", out.timeout)) {
    check_duration(out.timeout, map.child("timeout"), Millis(1), Millis(10'000), "1ms and 10s",
                   ctx.diag);
  }
  if (map.read_duration("connect_timeout", out.connect_timeout)) {
    check_duration(out.connect_timeout, map.child("connect_timeout"), Millis(10), Millis(60'000),
                   "10ms and 1m", ctx.diag);
  }
  if (map.read_duration("backoff_max", out.backoff_max)) {
    check_duration(out.backoff_max, map.child("backoff_max"), Millis(50), Millis(300'000),
                   "50ms and 5m", ctx.diag);
  }
  map.read_enum("on_failure", out.on_failure,
                {{"fail_open", FailMode::open}, {"fail_closed", FailMode::closed}});
  if (map.read_string("prefix", out.prefix) &&
      (out.prefix.empty() || out.prefix.size() > kMaxPrefixBytes ||
       !printable_without_spaces(out.prefix))) {
    ctx.diag.error(map.child("prefix"), "must be 1 to " + std::to_string(kMaxPrefixBytes) +
                                            " printable characters without spaces");
  }
  if (map.read_duration("lease", out.lease)) {
    check_duration(out.lease, map.child("lease"), Millis(1000), Millis(86'400'000), "1s and 24h",
                   ctx.diag);
  }
  map.finish();
}

}  // namespace

void read_state(const DocNode& node, LoadContext& ctx, StateConfig& out) {
  MapReader map(node, "state", ctx.diag);
  if (map.read_string("dir", out.dir)) out.dir = ctx.resolve_path(out.dir);
  map.read_integer("spend_queue_size", out.spend_queue_size);
  map.read_enum("backend", out.backend,
                {{"memory", StateBackend::memory}, {"redis", StateBackend::redis}});
  const DocNode* redis = map.mapping("redis");
  if (redis != nullptr) read_redis(*redis, ctx, out.redis);
  // Both cases are legal but rarely meant: say what the gateway will do.
  if (out.backend == StateBackend::redis && redis == nullptr) {
    ctx.diag.warning(map.child("backend"),
                     "is redis but state.redis is not set; using Redis at 127.0.0.1:6379");
  } else if (out.backend == StateBackend::memory && redis != nullptr) {
    ctx.diag.warning(map.child("redis"),
                     "is set but state.backend is memory; Redis is not used (set backend: redis)");
  }
  map.finish();
}

}  // namespace llmgw::config
