#include "llmgw/core/model_access.hpp"

#include <algorithm>

namespace llmgw {

bool key_allows_model(const config::KeyConfig& key, std::string_view model) noexcept {
  if (key.allowed_models.empty()) return true;
  return std::find(key.allowed_models.begin(), key.allowed_models.end(), model) !=
         key.allowed_models.end();
}

bool key_allows_model(const config::KeyConfig& key, const config::TeamConfig* team,
                      std::string_view model) noexcept {
  if (!key_allows_model(key, model)) return false;
  if (team == nullptr || team->allowed_models.empty()) return true;
  return std::find(team->allowed_models.begin(), team->allowed_models.end(), model) !=
         team->allowed_models.end();
}

}  // namespace llmgw
