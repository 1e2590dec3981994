#include "llmgw/core/model_access.hpp"

#include <algorithm>

namespace llmgw {

bool key_allows_model(const config::KeyConfig& key, std::string_view model) noexcept {
  if (key.allowed_models.empty()) return true;
  return std::find(key.allowed_models.begin(), key.allowed_models.end(), model) !=
         key.allowed_models.end();
}

}  // namespace llmgw
