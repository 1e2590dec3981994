#pragma once
// Small text helpers for building client-visible messages.

#include <cstddef>
#include <string>
#include <string_view>

namespace llmgw {

/// Client-supplied text echoed in an error message, cut to `max` bytes (never inside a
/// UTF-8 sequence) with "..." appended when cut: a huge model name cannot bloat an error.
std::string truncate_for_message(std::string_view text, std::size_t max = 256);

}  // namespace llmgw
