#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace llmgw::config {

void read_logging(const DocNode& node, LoadContext& ctx, LoggingConfig& out) {
  MapReader map(node, "logging", ctx.diag);
  map.read_string("level", out.level);
  map.read_enum("format", out.format, {{"json", LogFormat::json}, {"text", LogFormat::text}});
  map.read_bool("access_log", out.access_log);
  if (map.read_string("access_log_file", out.access_log_file)) {
    out.access_log_file = ctx.resolve_path(out.access_log_file);
  }
  map.read_integer("queue_size", out.queue_size);
  map.finish();
}

void read_metrics(const DocNode& node, LoadContext& ctx, MetricsConfig& out) {
  MapReader map(node, "metrics", ctx.diag);
  map.read_bool("enabled", out.enabled);
  map.read_listen("listen", out.listen);
  map.finish();
}

}  // namespace llmgw::config
