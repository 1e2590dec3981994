#include "providers/anthropic/message_encoder.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "providers/anthropic/wire_json.hpp"

namespace llmgw::providers::anthropic {
namespace {

using canonical::ContentPart;
using canonical::Message;
using canonical::Role;

constexpr std::array<std::string_view, 4> kImageTypes = {"image/jpeg", "image/png", "image/gif",
                                                         "image/webp"};

std::string at(std::size_t message, std::string_view rest) {
  return "messages[" + std::to_string(message) + "]" + std::string(rest);
}

Result<Json> image_block(const canonical::Image& image, std::size_t message, std::size_t part) {
  Json source = Json::object();
  if (!image.url.empty()) {
    source["type"] = "url";
    source["url"] = image.url;
  } else {
    const bool known =
        std::find(kImageTypes.begin(), kImageTypes.end(), image.media_type) != kImageTypes.end();
    if (!known) {
      const std::string param = at(message, ".content[" + std::to_string(part) + "]");
      return Error::invalid_request("Invalid image in '" + param + "': media type '" +
                                        image.media_type.substr(0, 64) +
                                        "' is not supported; use image/jpeg, image/png, "
                                        "image/gif or image/webp.",
                                    param, "invalid_image_format");
    }
    source["type"] = "base64";
    source["media_type"] = image.media_type;
    source["data"] = image.data;
  }
  Json block = Json::object();
  block["type"] = "image";
  block["source"] = std::move(source);
  return block;
}

/// Text and image parts as blocks, empty texts left out.
Result<Json> content_blocks(const std::vector<ContentPart>& parts, std::size_t message) {
  Json blocks = Json::array();
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const ContentPart& part = parts[k];
    if (part.kind == ContentPart::Kind::image) {
      auto block = image_block(part.image, message, k);
      if (!block.ok()) return std::move(block).error();
      blocks.push_back(std::move(block).value());
    } else if (!part.text.empty()) {
      blocks.push_back(Json{{"type", "text"}, {"text", part.text}});
    }
  }
  return blocks;
}

Result<Json> tool_use_block(const canonical::ToolCall& call, std::size_t message,
                            std::size_t index) {
  std::string_view arguments = call.arguments;
  while (!arguments.empty() && std::isspace(static_cast<unsigned char>(arguments.front()))) {
    arguments.remove_prefix(1);
  }
  // A call without arguments text (some clients send "") means no arguments.
  Json input = Json::object();
  if (!arguments.empty()) {
    std::optional<Json> parsed = parse_json(arguments);
    if (!parsed || !parsed->is_object()) {
      const std::string param =
          at(message, ".tool_calls[" + std::to_string(index) + "].function.arguments");
      return Error::invalid_request(
          "Invalid '" + param + "': Anthropic needs tool call arguments that are a JSON object.",
          param, "invalid_value");
    }
    input = std::move(*parsed);
  }
  Json block = Json::object();
  block["type"] = "tool_use";
  block["id"] = call.id;
  block["name"] = call.name;
  block["input"] = std::move(input);
  return block;
}

Result<Json> tool_result_block(const Message& message, std::size_t index) {
  Json block = Json::object();
  block["type"] = "tool_result";
  block["tool_use_id"] = message.tool_call_id;
  const bool single_text =
      message.content.size() == 1 && message.content.front().kind == ContentPart::Kind::text;
  if (single_text) {
    block["content"] = message.content.front().text;
  } else {
    auto content = content_blocks(message.content, index);
    if (!content.ok()) return std::move(content).error();
    if (!content->empty()) block["content"] = std::move(content).value();
  }
  if (message.tool_error) block["is_error"] = true;
  return block;
}

Result<Json> blocks_of(const Message& message, std::size_t index) {
  if (message.role == Role::tool) {
    auto block = tool_result_block(message, index);
    if (!block.ok()) return std::move(block).error();
    return Json::array({std::move(block).value()});
  }
  auto blocks = content_blocks(message.content, index);
  if (!blocks.ok()) return blocks;
  if (message.role == Role::assistant) {
    for (std::size_t j = 0; j < message.tool_calls.size(); ++j) {
      auto block = tool_use_block(message.tool_calls[j], index, j);
      if (!block.ok()) return std::move(block).error();
      blocks->push_back(std::move(block).value());
    }
  }
  return blocks;
}

bool is_tool_result(const Json& block) {
  auto type = block.find("type");
  return type != block.end() && *type == "tool_result";
}

}  // namespace

Result<Json> encode_messages(const std::vector<Message>& messages) {
  Json out = Json::array();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    auto blocks = blocks_of(messages[i], i);
    if (!blocks.ok()) return std::move(blocks).error();
    if (blocks->empty()) continue;  // nothing left to say: an empty turn would be a 400
    const char* role = messages[i].role == Role::assistant ? "assistant" : "user";
    if (!out.empty() && out.back()["role"] == role) {
      Json& content = out.back()["content"];
      for (Json& block : *blocks) content.push_back(std::move(block));
    } else {
      out.push_back(Json{{"role", role}, {"content", std::move(blocks).value()}});
    }
  }
  // Anthropic wants a user turn's tool_result blocks before anything else in it.
  for (Json& turn : out) {
    auto& content = turn["content"].get_ref<Json::array_t&>();
    std::stable_partition(content.begin(), content.end(), is_tool_result);
  }
  return out;
}

}  // namespace llmgw::providers::anthropic
