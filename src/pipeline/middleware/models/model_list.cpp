#include "pipeline/middleware/models/model_list.hpp"

#include <nlohmann/json.hpp>

#include "llmgw/core/model_access.hpp"

namespace llmgw::pipeline {
namespace {

nlohmann::json model_json(const config::ModelConfig& model) {
  return {{"id", model.name},
          {"object", "model"},
          {"created", model.created},
          {"owned_by", model.owned_by}};
}

}  // namespace

std::string render_model_list(const config::Config& config, const config::KeyConfig* key,
                              const config::TeamConfig* team) {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& model : config.models) {
    if (key == nullptr || key_allows_model(*key, team, model.name)) {
      data.push_back(model_json(model));
    }
  }
  return nlohmann::json{{"object", "list"}, {"data", std::move(data)}}.dump();
}

std::string render_model(const config::ModelConfig& model) {
  return model_json(model).dump();
}

}  // namespace llmgw::pipeline
