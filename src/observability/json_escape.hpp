#pragma once
// Hand-written JSON string encoding for the log writers: they build one line per request or
// event, so this avoids materialising a nlohmann::json tree just to print it.

#include <string>
#include <string_view>

namespace llmgw::observability {

/// Appends `value` to `out` as a quoted JSON string. Quotes, backslashes and control characters
/// are escaped; bytes that are not valid UTF-8 become \ufffd, so the output is always valid JSON
/// whatever the input (request ids and model names can come from clients).
void append_json_string(std::string& out, std::string_view value);

}  // namespace llmgw::observability
