#pragma once
// Which public models a virtual key may use; shared by the router and the models endpoints.

#include <string_view>

#include "llmgw/config/config.hpp"

namespace llmgw {

/// Whether `key` may use the public model `model` (empty allow-list = all models), and its
/// team (when not null) too: a key only narrows what its team may use.
bool key_allows_model(const config::KeyConfig& key, std::string_view model) noexcept;
bool key_allows_model(const config::KeyConfig& key, const config::TeamConfig* team,
                      std::string_view model) noexcept;

}  // namespace llmgw
