#include "llmgw/config/config.hpp"

namespace llmgw::config {

const ModelConfig* Config::find_model(std::string_view name) const noexcept {
  for (const auto& model : models) {
    if (model.name == name) return &model;
  }
  return nullptr;
}

}  // namespace llmgw::config
