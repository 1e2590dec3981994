#pragma once
// Document → Config, one reader per top-level section. Readers check types and formats and
// resolve secrets; ranges and cross-references are validate()'s job, so they also hold for
// configs built in code.

#include "config/document.hpp"
#include "config/load_context.hpp"
#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// Reads the whole document (a mapping, or null for all defaults).
Config read_config(const DocNode& root, LoadContext& ctx);

void read_server(const DocNode& node, LoadContext& ctx, ServerConfig& out);
void read_providers(const DocNode& list, LoadContext& ctx, std::vector<ProviderConfig>& out);
void read_models(const DocNode& list, LoadContext& ctx, std::vector<ModelConfig>& out);
void read_keys(const DocNode& list, LoadContext& ctx, std::vector<KeyConfig>& out);
void read_teams(const DocNode& list, LoadContext& ctx, std::vector<TeamConfig>& out);
void read_auth(const DocNode& node, LoadContext& ctx, UnauthenticatedConfig& out);
void read_state(const DocNode& node, LoadContext& ctx, StateConfig& out);
void read_logging(const DocNode& node, LoadContext& ctx, LoggingConfig& out);
void read_metrics(const DocNode& node, LoadContext& ctx, MetricsConfig& out);
void read_admin(const DocNode& node, LoadContext& ctx, AdminConfig& out);
/// `node` is the pricing mapping, or nullptr when there is none: the built-in price list
/// loads either way.
void read_pricing(const DocNode* node, LoadContext& ctx, PricingConfig& out);

}  // namespace llmgw::config
