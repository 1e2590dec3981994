#pragma once
// Which public models a virtual key may use; shared by the router and the models endpoints.

#include <string_view>

#include "llmgw/config/config.hpp"

namespace llmgw {

/// Whether `key` may use the public model `model` (empty allow-list = all models).
bool key_allows_model(const config::KeyConfig& key, std::string_view model) noexcept;

}  // namespace llmgw
