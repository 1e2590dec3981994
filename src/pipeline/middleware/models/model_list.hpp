#pragma once
// GET /v1/models and /v1/models/{id}: the configured public models the key may use.

#include <string>
#include <string_view>

#include "llmgw/config/snapshot.hpp"

namespace llmgw::pipeline {

/// {"object":"list","data":[{"id","object":"model","created","owned_by"}...]}: the models
/// `key` (and its `team`, when not null) may use; every model when `key` is null.
std::string render_model_list(const config::Config& config, const config::KeyConfig* key,
                              const config::TeamConfig* team = nullptr);

/// One model object.
std::string render_model(const config::ModelConfig& model);

}  // namespace llmgw::pipeline
