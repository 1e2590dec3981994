#include "config/governance_reader.hpp"
#include "config/map_reader.hpp"
#include "config/routing_reader.hpp"
#include "config/sections.hpp"
#include "config/validate.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxModels = 10'000;
constexpr std::size_t kMaxDeployments = 64;

void read_default_max_tokens(MapReader& map, Diagnostics& diag, std::int64_t& out) {
  const auto* node = map.get("default_max_tokens");
  if (node == nullptr) return;
  // 0 would mean "the adapter's default" in the struct; in the file, leaving the key out says so.
  if (auto value =
          scalar_integer(*node, map.child("default_max_tokens"), diag, 1, kMaxDefaultMaxTokens)) {
    out = *value;
  }
}

Deployment read_deployment(const DocNode& node, const std::string& path, Diagnostics& diag) {
  Deployment deployment;
  MapReader map(node, path, diag);
  map.require_string("provider", deployment.provider);
  map.require_string("model", deployment.upstream_model);
  read_deployment_routing(map, deployment);
  map.finish();
  return deployment;
}

void read_deployments(const DocNode& list, const std::string& path, Diagnostics& diag,
                      std::vector<Deployment>& out) {
  if (list.items.size() > kMaxDeployments) {
    diag.error(path, list.line, "more than " + std::to_string(kMaxDeployments) + " deployments");
    return;
  }
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const auto item_path = index_path(path, i);
    diag.record_line(item_path, list.items[i].line);
    if (!list.items[i].is_map()) {
      diag.error(item_path, list.items[i].line, "must be a mapping with provider and model");
      continue;
    }
    out.push_back(read_deployment(list.items[i], item_path, diag));
  }
}

ModelConfig read_model(const DocNode& node, const std::string& path, Diagnostics& diag) {
  ModelConfig model;
  MapReader map(node, path, diag);
  map.require_string("name", model.name);
  map.read_string("owned_by", model.owned_by);
  map.read_integer("created", model.created);
  map.read_bool("drop_unsupported", model.drop_unsupported);
  read_default_max_tokens(map, diag, model.default_max_tokens);
  map.read_enum("approval", model.approval_required, {{"open", false}, {"required", true}});
  if (const auto* limits = map.mapping("limits")) {
    read_rate_limits(*limits, map.child("limits"), diag, model.limits);
  }
  if (const auto* routing = map.mapping("routing")) {
    read_routing(*routing, map.child("routing"), diag, model.routing);
  }
  if (const auto* deployments = map.sequence("deployments")) {
    read_deployments(*deployments, map.child("deployments"), diag, model.deployments);
  } else if (!map.get("deployments")) {
    diag.error(map.child("deployments"), node.line, "is required: at least one deployment");
  }
  map.finish();
  return model;
}

}  // namespace

void read_models(const DocNode& list, LoadContext& ctx, std::vector<ModelConfig>& out) {
  if (list.items.size() > kMaxModels) {
    ctx.diag.error("models", list.line, "more than " + std::to_string(kMaxModels) + " models");
    return;
  }
  for (std::size_t i = 0; i < list.items.size() && !ctx.diag.error_limit_reached(); ++i) {
    const auto path = index_path("models", i);
    ctx.diag.record_line(path, list.items[i].line);
    if (!list.items[i].is_map()) {
      ctx.diag.error(path, list.items[i].line, "must be a mapping with name and deployments");
      continue;
    }
    out.push_back(read_model(list.items[i], path, ctx.diag));
  }
}

}  // namespace llmgw::config
