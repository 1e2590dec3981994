#include "dialects/anthropic/message_content.hpp"

namespace llmgw::dialects::anthropic {
namespace {

Error unsupported_block(const std::string& path, std::string_view type, std::string_view where) {
  return Error::invalid_request(path + ": content blocks of type '" + excerpt(type) +
                                    "' are not supported " + std::string(where) + ".",
                                path);
}

/// The block's `type`, or an error naming the path.
std::optional<Error> block_type(const Json& block, const std::string& path, std::string& type) {
  if (!block.is_object()) return wrong_type(path, "an object", block);
  FieldReader read;
  auto value = read.required_string(block, "type", path);
  if (read.error) return read.error;
  type = *value;
  return std::nullopt;
}

std::optional<Error> parse_image(const Json& block, const std::string& path,
                                 canonical::Image& image) {
  const std::string source_path = path_key(path, "source");
  const Json* source = member(block, "source");
  if (source == nullptr) return missing_field(source_path);
  if (!source->is_object()) return wrong_type(source_path, "an object", *source);
  FieldReader read;
  auto kind = read.required_string(*source, "type", source_path);
  if (read.error) return read.error;
  if (*kind == "base64") {
    auto media_type = read.required_string(*source, "media_type", source_path);
    if (read.error) return read.error;
    auto data = read.required_string(*source, "data", source_path);
    if (read.error) return read.error;
    image.media_type = std::move(*media_type);
    image.data = std::move(*data);
    return std::nullopt;
  }
  if (*kind == "url") {
    auto url = read.required_string(*source, "url", source_path);
    if (read.error) return read.error;
    image.url = std::move(*url);
    return std::nullopt;
  }
  // File ids name an upload in Anthropic's Files API, which no other provider can read.
  return Error::invalid_request(path_key(source_path, "type") + ": image source '" +
                                    excerpt(*kind) +
                                    "' is not supported through translation; use 'base64' or "
                                    "'url'.",
                                path_key(source_path, "type"));
}

/// A string content, or the array of blocks to walk; anything else is a type error.
std::optional<Error> check_content(const Json* content, const std::string& path) {
  if (content == nullptr) return missing_field(path);
  if (!content->is_string() && !content->is_array()) {
    return wrong_type(path, "a string or an array of content blocks", *content);
  }
  return std::nullopt;
}

canonical::ContentPart text_part(std::string text) {
  canonical::ContentPart part;
  part.kind = canonical::ContentPart::Kind::text;
  part.text = std::move(text);
  return part;
}

}  // namespace

std::optional<Error> parse_media_block(const Json& block, const std::string& type,
                                       const std::string& path, canonical::ContentPart& part) {
  if (type == "text") {
    FieldReader read;
    auto text = read.required_string(block, "text", path);
    if (read.error) return read.error;
    part = text_part(std::move(*text));
    return std::nullopt;
  }
  if (type == "image") {
    part.kind = canonical::ContentPart::Kind::image;
    return parse_image(block, path, part.image);
  }
  if (type == "document") {
    return unsupported_block(path, type, "through translation to this model's provider");
  }
  return unsupported_block(path, type, "here");
}

std::optional<Error> MessageConverter::append(const Json& message, std::size_t index,
                                              std::vector<canonical::Message>& out) {
  const std::string path = path_index("messages", index);
  if (!message.is_object()) return wrong_type(path, "an object", message);
  FieldReader read;
  auto role = read.required_string(message, "role", path);
  if (read.error) return read.error;
  const std::string content_path = path_key(path, "content");
  const Json* content = member(message, "content");
  if (auto error = check_content(content, content_path)) return error;
  if (*role == "user") return append_user(*content, content_path, out);
  if (*role == "assistant") return append_assistant(*content, content_path, out);
  return Error::invalid_request(
      path + ".role: expected 'user' or 'assistant', got '" + excerpt(*role) + "'.",
      path + ".role");
}

std::optional<Error> MessageConverter::append_user(const Json& content, const std::string& path,
                                                   std::vector<canonical::Message>& out) {
  canonical::Message user;
  user.role = canonical::Role::user;
  if (content.is_string()) {
    user.content.push_back(text_part(content.get<std::string>()));
    out.push_back(std::move(user));
    return std::nullopt;
  }
  for (std::size_t j = 0; j < content.size(); ++j) {
    const std::string block_path = path_index(path, j);
    std::string type;
    if (auto error = block_type(content[j], block_path, type)) return error;
    if (type == "tool_result") {
      if (auto error = append_tool_result(content[j], block_path, out)) return error;
      continue;
    }
    canonical::ContentPart part;
    if (auto error = parse_media_block(content[j], type, block_path, part)) return error;
    user.content.push_back(std::move(part));
  }
  // A turn made only of tool results needs no user message after its tool messages.
  if (!user.content.empty() || content.empty()) out.push_back(std::move(user));
  return std::nullopt;
}

std::optional<Error> MessageConverter::append_tool_result(const Json& block,
                                                          const std::string& path,
                                                          std::vector<canonical::Message>& out) {
  FieldReader read;
  auto id = read.required_string(block, "tool_use_id", path);
  if (read.error) return read.error;
  auto is_error = read.boolean(block, "is_error", path);
  if (read.error) return read.error;

  canonical::Message tool;
  tool.role = canonical::Role::tool;
  tool.tool_call_id = std::move(*id);
  tool.tool_error = is_error.value_or(false);
  if (auto name = tool_names_.find(tool.tool_call_id); name != tool_names_.end()) {
    tool.tool_name = name->second;
  }
  const std::string content_path = path_key(path, "content");
  if (const Json* content = member(block, "content"); content != nullptr) {
    if (auto error = check_content(content, content_path)) return error;
    if (content->is_string()) {
      tool.content.push_back(text_part(content->get<std::string>()));
    } else {
      for (std::size_t k = 0; k < content->size(); ++k) {
        const std::string part_path = path_index(content_path, k);
        std::string type;
        if (auto error = block_type((*content)[k], part_path, type)) return error;
        canonical::ContentPart part;
        if (auto error = parse_media_block((*content)[k], type, part_path, part)) return error;
        tool.content.push_back(std::move(part));
      }
    }
  }
  out.push_back(std::move(tool));
  return std::nullopt;
}

std::optional<Error> MessageConverter::append_assistant(const Json& content,
                                                        const std::string& path,
                                                        std::vector<canonical::Message>& out) {
  canonical::Message assistant;
  assistant.role = canonical::Role::assistant;
  if (content.is_string()) {
    assistant.content.push_back(text_part(content.get<std::string>()));
    out.push_back(std::move(assistant));
    return std::nullopt;
  }
  for (std::size_t j = 0; j < content.size(); ++j) {
    const Json& block = content[j];
    const std::string block_path = path_index(path, j);
    std::string type;
    if (auto error = block_type(block, block_path, type)) return error;
    FieldReader read;
    if (type == "text") {
      auto text = read.required_string(block, "text", block_path);
      if (read.error) return read.error;
      assistant.content.push_back(text_part(std::move(*text)));
    } else if (type == "tool_use") {
      auto id = read.required_string(block, "id", block_path);
      auto name = read.error ? std::nullopt : read.required_string(block, "name", block_path);
      if (read.error) return read.error;
      const Json* input = member(block, "input");
      if (input == nullptr) return missing_field(path_key(block_path, "input"));
      if (!input->is_object())
        return wrong_type(path_key(block_path, "input"), "an object", *input);
      tool_names_[*id] = *name;
      assistant.tool_calls.push_back(
          {std::move(*id), std::move(*name),
           input->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    } else if (type == "thinking") {
      // The signature only means something to Anthropic, which never sees this history
      // through translation: it is dropped, the thinking text kept as reasoning.
      auto thinking = read.required_string(block, "thinking", block_path);
      if (read.error) return read.error;
      assistant.reasoning += *thinking;
    } else if (type == "redacted_thinking") {
      // Encrypted for Anthropic alone: nothing another provider could use.
    } else {
      return unsupported_block(block_path, type, "in assistant messages");
    }
  }
  out.push_back(std::move(assistant));
  return std::nullopt;
}

}  // namespace llmgw::dialects::anthropic
