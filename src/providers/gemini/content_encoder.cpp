#include "providers/gemini/content_encoder.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "providers/gemini/provider_json.hpp"
#include "providers/gemini/thought_signature.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::Message;
using canonical::Role;

/// Appends `parts` to the last turn when it has the same role, else starts a new turn.
void append_turn(Json& contents, std::string_view role, Json parts) {
  if (parts.empty()) return;
  if (!contents.empty() && contents.back()["role"] == role) {
    Json& existing = contents.back()["parts"];
    for (Json& part : parts) existing.push_back(std::move(part));
    return;
  }
  Json turn = Json::object();
  turn["role"] = role;
  turn["parts"] = std::move(parts);
  contents.push_back(std::move(turn));
}

Json text_part(const std::string& text) {
  Json part = Json::object();
  part["text"] = text;
  return part;
}

Json content_parts(const Message& message) {
  Json parts = Json::array();
  for (const auto& content : message.content) {
    if (content.kind == canonical::ContentPart::Kind::image) {
      parts.push_back(image_part(content.image));
    } else if (!content.text.empty()) {
      parts.push_back(text_part(content.text));
    }
  }
  return parts;
}

Result<Json> function_call_part(const canonical::ToolCall& call) {
  Json args = Json::object();
  if (call.arguments.find_first_not_of(" \t\r\n") != std::string::npos) {
    std::optional<Json> parsed = parse_json(call.arguments);
    if (!parsed || !parsed->is_object()) {
      return Error::invalid_request("The arguments of tool call '" + call.id + "' (function '" +
                                        call.name +
                                        "') must be a JSON object: Gemini takes them parsed.",
                                    "messages");
    }
    args = std::move(*parsed);
  }
  Json function_call = Json::object();
  function_call["name"] = call.name;
  function_call["args"] = std::move(args);
  Json part = Json::object();
  part["functionCall"] = std::move(function_call);
  // Thinking models refuse a functionCall history without the signature they gave it.
  if (std::optional<std::string> signature = signature_from_id(call.id)) {
    part["thoughtSignature"] = std::move(*signature);
  }
  return part;
}

/// The function a tool result answers: its own tool_name, else the latest earlier assistant
/// call with that id (ids may repeat across turns when they were made up per response).
const std::string* tool_function_name(const std::vector<Message>& messages, std::size_t at) {
  const Message& result = messages[at];
  if (!result.tool_name.empty()) return &result.tool_name;
  for (std::size_t i = at; i-- > 0;) {
    if (messages[i].role != Role::assistant) continue;
    for (const auto& call : messages[i].tool_calls) {
      if (call.id == result.tool_call_id) return &call.name;
    }
  }
  return nullptr;
}

/// Gemini wants an object: JSON object/array text is passed parsed, anything else as text,
/// under "output" (or "error" for a failed call), the keys its SDK documents.
Result<Json> function_response_part(const std::vector<Message>& messages, std::size_t at) {
  const Message& message = messages[at];
  const std::string* name = tool_function_name(messages, at);
  if (name == nullptr) {
    return Error::invalid_request("The tool result for tool call '" + message.tool_call_id +
                                      "' answers no earlier assistant tool call: Gemini needs "
                                      "the function's name.",
                                  "messages");
  }
  std::string text;
  for (const auto& content : message.content) {
    if (content.kind == canonical::ContentPart::Kind::image) {
      return Error::invalid_request(
          "The tool result for tool call '" + message.tool_call_id +
              "' contains an image: Gemini function responses carry text or JSON only.",
          "messages");
    }
    if (!text.empty() && !content.text.empty()) text.push_back('\n');
    text += content.text;
  }
  Json value = text;
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    if (std::optional<Json> parsed = parse_json(text)) value = std::move(*parsed);
  }
  Json response = Json::object();
  response[message.tool_error ? "error" : "output"] = std::move(value);
  Json function_response = Json::object();
  function_response["name"] = *name;
  function_response["response"] = std::move(response);
  Json part = Json::object();
  part["functionResponse"] = std::move(function_response);
  return part;
}

/// "data:<mime>;base64,<payload>" → {mime, payload}; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> split_data_url(std::string_view url) {
  if (!url.starts_with("data:")) return std::nullopt;
  url.remove_prefix(5);
  const std::size_t comma = url.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view header = url.substr(0, comma);
  constexpr std::string_view kBase64 = ";base64";
  if (!header.ends_with(kBase64)) return std::nullopt;
  header.remove_suffix(kBase64.size());
  return std::pair{std::string(header.empty() ? "image/jpeg" : header),
                   std::string(url.substr(comma + 1))};
}

}  // namespace

std::string guess_mime_type(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const std::size_t slash = url.rfind('/');
  const std::size_t dot = url.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "image/jpeg";
  }
  std::string extension(url.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes = {{
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"heic", "image/heic"},
      {"heif", "image/heif"},
      {"pdf", "application/pdf"},
      {"bmp", "image/bmp"},
  }};
  for (const auto& [known, type] : kTypes) {
    if (extension == known) return std::string(type);
  }
  return "image/jpeg";
}

Json image_part(const canonical::Image& image) {
  Json part = Json::object();
  std::optional<std::pair<std::string, std::string>> inline_data;
  if (image.url.empty()) {
    inline_data.emplace(image.media_type.empty() ? "image/jpeg" : image.media_type, image.data);
  } else {
    inline_data = split_data_url(image.url);
  }
  if (inline_data) {
    Json data = Json::object();
    data["mimeType"] = std::move(inline_data->first);
    data["data"] = std::move(inline_data->second);
    part["inlineData"] = std::move(data);
    return part;
  }
  Json file = Json::object();
  file["mimeType"] = guess_mime_type(image.url);
  file["fileUri"] = image.url;
  part["fileData"] = std::move(file);
  return part;
}

Result<EncodedContents> encode_contents(const canonical::ChatRequest& request) {
  EncodedContents out{Json::array(), Json()};
  Json system_parts = Json::array();
  for (const std::string& text : request.system) {
    if (!text.empty()) system_parts.push_back(text_part(text));
  }
  if (!system_parts.empty()) {
    out.system_instruction = Json::object();
    out.system_instruction["parts"] = std::move(system_parts);
  }
  const auto& messages = request.messages;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const Message& message = messages[i];
    switch (message.role) {
      case Role::user: append_turn(out.contents, "user", content_parts(message)); break;
      case Role::assistant: {
        Json parts = content_parts(message);
        for (const auto& call : message.tool_calls) {
          Result<Json> part = function_call_part(call);
          if (!part.ok()) return std::move(part).error();
          parts.push_back(std::move(part).value());
        }
        append_turn(out.contents, "model", std::move(parts));
        break;
      }
      case Role::tool: {
        Result<Json> part = function_response_part(messages, i);
        if (!part.ok()) return std::move(part).error();
        Json parts = Json::array();
        parts.push_back(std::move(part).value());
        append_turn(out.contents, "user", std::move(parts));
        break;
      }
    }
  }
  return out;
}

}  // namespace llmgw::providers::gemini
