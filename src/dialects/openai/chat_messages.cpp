#include "dialects/openai/chat_messages.hpp"

#include <string>
#include <string_view>

#include "dialects/openai/json_fields.hpp"

namespace llmgw::dialects::openai {
namespace {

using canonical::ContentPart;
using canonical::Message;
using canonical::Role;

std::optional<Error> not_translatable(std::string_view path, std::string_view what) {
  return Error::invalid_request(
      std::string(what) + " at '" + std::string(path) +
          "' is not supported through translation: the model's provider does not speak the "
          "OpenAI API.",
      std::string(path), "unsupported_content");
}

// "data:image/png;base64,AAAA" → media type and payload; anything else is an http(s) URL.
std::optional<Error> parse_image_url(std::string_view url, std::string_view path,
                                     canonical::Image& image) {
  if (url.starts_with("data:")) {
    const std::size_t comma = url.find(',');
    const std::string_view header =
        url.substr(5, comma == std::string_view::npos ? std::string_view::npos : comma - 5);
    constexpr std::string_view kBase64 = ";base64";
    if (comma == std::string_view::npos || !header.ends_with(kBase64) ||
        header.size() == kBase64.size()) {
      return invalid_value(path,
                           "expected a data URL of the form data:<media type>;base64,<data>.");
    }
    image.media_type = std::string(header.substr(0, header.size() - kBase64.size()));
    image.data = std::string(url.substr(comma + 1));
    return std::nullopt;
  }
  if (url.starts_with("https://") || url.starts_with("http://")) {
    image.url = std::string(url);
    return std::nullopt;
  }
  return invalid_value(path, "expected an http(s) URL or a base64 data URL.");
}

std::optional<Error> parse_image_part(const Json& part, const std::string& path, ContentPart& out) {
  out.kind = ContentPart::Kind::image;
  const std::string image_path = child_path(path, "image_url");
  const Json* image_url = member(part, "image_url");
  if (image_url == nullptr) return invalid_value(image_path, "required for image_url parts.");
  std::string url;
  if (image_url->is_string()) {  // Some clients send the URL itself.
    url = image_url->get<std::string>();
    return parse_image_url(url, image_path, out.image);
  }
  if (!image_url->is_object()) return invalid_type(image_path, "an object", *image_url);
  const std::string url_path = child_path(image_path, "url");
  const Json* url_value = member(*image_url, "url");
  if (url_value == nullptr) return invalid_value(url_path, "required.");
  if (auto e = read_string(*url_value, url_path, url)) return e;
  if (const Json* detail = member(*image_url, "detail")) {
    if (auto e = read_string(*detail, child_path(image_path, "detail"), out.image.detail)) {
      return e;
    }
  }
  return parse_image_url(url, url_path, out.image);
}

enum class PartsAllowed { text_only, text_and_images, assistant };

// Content as a string or an array of parts. `refusal` parts (assistant) carry nothing the
// provider could use and are skipped.
std::optional<Error> parse_content(const Json& content, const std::string& path,
                                   PartsAllowed allowed, std::vector<ContentPart>& out) {
  if (content.is_string()) {
    out.push_back({ContentPart::Kind::text, content.get<std::string>(), {}});
    return std::nullopt;
  }
  if (!content.is_array()) return invalid_type(path, "a string or an array of objects", content);
  for (std::size_t j = 0; j < content.size(); ++j) {
    const Json& part = content[j];
    const std::string part_path = index_path(path, j);
    if (!part.is_object()) return invalid_type(part_path, "an object", part);
    std::string type;
    const Json* type_value = member(part, "type");
    if (type_value == nullptr) return invalid_value(child_path(part_path, "type"), "required.");
    if (auto e = read_string(*type_value, child_path(part_path, "type"), type)) return e;
    if (type == "text") {
      ContentPart text;
      const Json* text_value = member(part, "text");
      if (text_value == nullptr) return invalid_value(child_path(part_path, "text"), "required.");
      if (auto e = read_string(*text_value, child_path(part_path, "text"), text.text)) return e;
      out.push_back(std::move(text));
    } else if (type == "image_url" && allowed == PartsAllowed::text_and_images) {
      ContentPart image;
      if (auto e = parse_image_part(part, part_path, image)) return e;
      out.push_back(std::move(image));
    } else if (type == "refusal" && allowed == PartsAllowed::assistant) {
      continue;
    } else if ((type == "input_audio" || type == "file") &&
               allowed == PartsAllowed::text_and_images) {
      return not_translatable(part_path, "Content part type '" + type + "'");
    } else {
      return invalid_value(child_path(part_path, "type"),
                           "content part type '" + type + "' is not allowed here.");
    }
  }
  return std::nullopt;
}

std::optional<Error> parse_system(const Json& message, const std::string& path,
                                  canonical::ChatRequest& request) {
  const Json* content = member(message, "content");
  const std::string content_path = child_path(path, "content");
  if (content == nullptr) return invalid_value(content_path, "required.");
  std::vector<ContentPart> parts;
  if (auto e = parse_content(*content, content_path, PartsAllowed::text_only, parts)) return e;
  // One entry per text: adapters join them. Empty texts carry nothing, and some providers
  // reject empty system blocks.
  for (ContentPart& part : parts) {
    if (!part.text.empty()) request.system.push_back(std::move(part.text));
  }
  return std::nullopt;
}

std::optional<Error> parse_tool_calls(const Json& calls, const std::string& path,
                                      Message& message) {
  if (!calls.is_array()) return invalid_type(path, "an array", calls);
  for (std::size_t k = 0; k < calls.size(); ++k) {
    const Json& call = calls[k];
    const std::string call_path = index_path(path, k);
    if (!call.is_object()) return invalid_type(call_path, "an object", call);
    canonical::ToolCall out;
    if (const Json* type = member(call, "type")) {
      std::string type_name;
      if (auto e = read_string(*type, child_path(call_path, "type"), type_name)) return e;
      if (type_name != "function") {
        return not_translatable(child_path(call_path, "type"),
                                "Tool call type '" + type_name + "'");
      }
    }
    const Json* id = member(call, "id");
    if (id == nullptr) return invalid_value(child_path(call_path, "id"), "required.");
    if (auto e = read_string(*id, child_path(call_path, "id"), out.id)) return e;
    if (out.id.empty()) return invalid_value(child_path(call_path, "id"), "must not be empty.");
    const std::string function_path = child_path(call_path, "function");
    const Json* function = member(call, "function");
    if (function == nullptr) return invalid_value(function_path, "required.");
    if (!function->is_object()) return invalid_type(function_path, "an object", *function);
    const Json* name = member(*function, "name");
    if (name == nullptr) return invalid_value(child_path(function_path, "name"), "required.");
    if (auto e = read_string(*name, child_path(function_path, "name"), out.name)) return e;
    if (const Json* arguments = member(*function, "arguments")) {
      if (auto e = read_string(*arguments, child_path(function_path, "arguments"), out.arguments)) {
        return e;
      }
    }
    message.tool_calls.push_back(std::move(out));
  }
  return std::nullopt;
}

std::optional<Error> parse_assistant(const Json& json, const std::string& path, Message& message) {
  if (const Json* content = member(json, "content")) {
    if (auto e = parse_content(*content, child_path(path, "content"), PartsAllowed::assistant,
                               message.content)) {
      return e;
    }
  }
  // DeepSeek-style clients send back the reasoning the gateway rendered as reasoning_content.
  if (const Json* reasoning = member(json, "reasoning_content")) {
    if (auto e =
            read_string(*reasoning, child_path(path, "reasoning_content"), message.reasoning)) {
      return e;
    }
  }
  if (const Json* calls = member(json, "tool_calls")) {
    if (auto e = parse_tool_calls(*calls, child_path(path, "tool_calls"), message)) return e;
  }
  if (member(json, "function_call") != nullptr) {
    return not_translatable(child_path(path, "function_call"), "The deprecated 'function_call'");
  }
  if (member(json, "audio") != nullptr) {
    return not_translatable(child_path(path, "audio"), "An audio reference");
  }
  return std::nullopt;
}

// The function name of the call a tool result answers, from the assistant turns before it
// (Gemini matches results to calls by name).
std::string name_of_call(const std::vector<Message>& earlier, std::string_view call_id) {
  for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
    for (const canonical::ToolCall& call : it->tool_calls) {
      if (call.id == call_id) return call.name;
    }
  }
  return {};
}

std::optional<Error> parse_tool(const Json& json, const std::string& path,
                                const std::vector<Message>& earlier, Message& message) {
  const Json* id = member(json, "tool_call_id");
  if (id == nullptr) return invalid_value(child_path(path, "tool_call_id"), "required.");
  if (auto e = read_string(*id, child_path(path, "tool_call_id"), message.tool_call_id)) return e;
  if (message.tool_call_id.empty()) {
    return invalid_value(child_path(path, "tool_call_id"), "must not be empty.");
  }
  const Json* content = member(json, "content");
  if (content == nullptr) return invalid_value(child_path(path, "content"), "required.");
  if (auto e = parse_content(*content, child_path(path, "content"), PartsAllowed::text_only,
                             message.content)) {
    return e;
  }
  message.tool_name = name_of_call(earlier, message.tool_call_id);
  return std::nullopt;
}

std::optional<Error> parse_message(const Json& json, const std::string& path,
                                   canonical::ChatRequest& request) {
  if (!json.is_object()) return invalid_type(path, "an object", json);
  const Json* role_value = member(json, "role");
  if (role_value == nullptr) return invalid_value(child_path(path, "role"), "required.");
  std::string role;
  if (auto e = read_string(*role_value, child_path(path, "role"), role)) return e;
  if (role == "system" || role == "developer") return parse_system(json, path, request);
  if (role == "function") {
    return not_translatable(child_path(path, "role"),
                            "The deprecated 'function' role (use 'tool' messages)");
  }
  Message message;
  if (const Json* name = member(json, "name")) {
    if (auto e = read_string(*name, child_path(path, "name"), message.name)) return e;
  }
  if (role == "user") {
    message.role = Role::user;
    const Json* content = member(json, "content");
    if (content == nullptr) return invalid_value(child_path(path, "content"), "required.");
    if (auto e = parse_content(*content, child_path(path, "content"), PartsAllowed::text_and_images,
                               message.content)) {
      return e;
    }
  } else if (role == "assistant") {
    message.role = Role::assistant;
    if (auto e = parse_assistant(json, path, message)) return e;
  } else if (role == "tool") {
    message.role = Role::tool;
    if (auto e = parse_tool(json, path, request.messages, message)) return e;
  } else {
    return invalid_value(child_path(path, "role"),
                         "expected one of 'system', 'developer', 'user', 'assistant' or 'tool'.");
  }
  request.messages.push_back(std::move(message));
  return std::nullopt;
}

}  // namespace

std::optional<Error> parse_messages(const Json& messages, canonical::ChatRequest& request) {
  if (!messages.is_array()) return invalid_type("messages", "an array", messages);
  if (messages.empty()) return invalid_value("messages", "expected at least one message.");
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (auto e = parse_message(messages[i], index_path("messages", i), request)) return e;
  }
  return std::nullopt;
}

}  // namespace llmgw::dialects::openai
