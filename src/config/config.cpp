#include "llmgw/config/config.hpp"

namespace llmgw::config {

std::string_view to_string(ProviderKind kind) noexcept {
  switch (kind) {
    case ProviderKind::openai: return "openai";
    case ProviderKind::openai_compatible: return "openai_compatible";
    case ProviderKind::anthropic: return "anthropic";
    case ProviderKind::gemini: return "gemini";
    case ProviderKind::azure_openai: return "azure_openai";
    case ProviderKind::bedrock: return "bedrock";
  }
  return "unknown";
}

const ModelConfig* Config::find_model(std::string_view name) const noexcept {
  for (const auto& model : models) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

const TeamConfig* Config::find_team(std::string_view id) const noexcept {
  for (const auto& team : teams) {
    if (team.id == id) return &team;
  }
  return nullptr;
}

}  // namespace llmgw::config
