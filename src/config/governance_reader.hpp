#pragma once
// Readers for the governance blocks that several sections share (keys, teams and models all
// carry limits; keys and teams carry budgets and tags).

#include <string>

#include "config/diagnostics.hpp"
#include "config/document.hpp"
#include "config/map_reader.hpp"
#include "llmgw/config/governance.hpp"

namespace llmgw::config {

/// `limits: {rpm, tpm, max_parallel}`; each a whole number from 1 (absent: no limit).
void read_rate_limits(const DocNode& node, const std::string& path, Diagnostics& diag,
                      RateLimits& out);

/// `budget: {amount: "250.00", period: day|week|month|total}`.
void read_budget(const DocNode& node, const std::string& path, Diagnostics& diag,
                 BudgetConfig& out);

/// `tags: {name: value, ...}`, at most 64.
void read_tags(const DocNode& node, const std::string& path, Diagnostics& diag, Tags& out);

/// The optional limits, budget and tags keys of `map`.
void read_governance(MapReader& map, Diagnostics& diag, RateLimits& limits, BudgetConfig& budget,
                     Tags& tags);

}  // namespace llmgw::config
