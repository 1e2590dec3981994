#pragma once
// One Anthropic `messages[i]` entry → canonical messages. A user turn's tool_result blocks
// become canonical tool messages placed before the rest of that turn (Anthropic requires
// them first anyway); an assistant turn becomes one message with its text, thinking and
// tool_use blocks.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dialects/anthropic/request_fields.hpp"
#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::dialects::anthropic {

class MessageConverter {
 public:
  /// Appends the canonical form of `message` (found at messages[index]) to `out`.
  std::optional<Error> append(const Json& message, std::size_t index,
                              std::vector<canonical::Message>& out);

 private:
  std::optional<Error> append_user(const Json& content, const std::string& path,
                                   std::vector<canonical::Message>& out);
  std::optional<Error> append_assistant(const Json& content, const std::string& path,
                                        std::vector<canonical::Message>& out);
  std::optional<Error> append_tool_result(const Json& block, const std::string& path,
                                          std::vector<canonical::Message>& out);

  /// Names of the tool_use blocks seen so far, by id, so tool results can carry the name
  /// (Gemini's functionResponse needs it).
  std::map<std::string, std::string, std::less<>> tool_names_;
};

/// Parses a text or image block at `path` into a content part. `block` is an object.
std::optional<Error> parse_media_block(const Json& block, const std::string& type,
                                       const std::string& path, canonical::ContentPart& part);

}  // namespace llmgw::dialects::anthropic
