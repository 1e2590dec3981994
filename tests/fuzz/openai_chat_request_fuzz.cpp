// libFuzzer target: arbitrary bytes as an OpenAI /v1/chat/completions body through the
// translated-path parser. Besides never crashing, a request it accepts must be well formed
// for the adapters: every image is a URL or inline data (not both, not neither), inline
// images have a media type, every tool result names its call, and n is at least 1.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dialects/openai/chat_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto result = llmgw::dialects::openai::parse_chat_request(body);
  if (!result.ok()) {
    const llmgw::Error& error = result.error();
    if (error.http_status != 400 || error.message.empty()) std::abort();
    return 0;
  }
  const llmgw::canonical::ChatRequest& request = *result;
  if (request.n < 1) std::abort();
  if (request.max_tokens && *request.max_tokens < 0) std::abort();
  for (const auto& message : request.messages) {
    if (message.role == llmgw::canonical::Role::tool && message.tool_call_id.empty()) std::abort();
    for (const auto& call : message.tool_calls) {
      if (call.id.empty()) std::abort();
    }
    for (const auto& part : message.content) {
      if (part.kind != llmgw::canonical::ContentPart::Kind::image) continue;
      const bool linked = !part.image.url.empty();
      const bool inline_data = !part.image.media_type.empty();
      if (linked == inline_data) std::abort();
    }
  }
  return 0;
}
