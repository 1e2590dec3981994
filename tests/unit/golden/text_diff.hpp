#pragma once
// A readable account of where two byte strings (SSE streams) part ways.

#include <string>
#include <string_view>

namespace llmgw::golden {

/// Empty when equal; otherwise the first differing line (1-based), a few lines of context
/// from both sides with control bytes escaped, and the byte offset.
std::string describe_difference(std::string_view expected, std::string_view actual);

/// `text` with \r, \n (kept as a line break), tabs and other control bytes made visible.
std::string escape_for_display(std::string_view text);

}  // namespace llmgw::golden
