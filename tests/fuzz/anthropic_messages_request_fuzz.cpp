// libFuzzer target: arbitrary bytes as an Anthropic Messages request body (POST
// /v1/messages from an untrusted client). The parser must never crash, hang or throw: it
// either yields a request that satisfies Anthropic's required fields, or a 400 that names
// what is wrong. Accepted requests are also rendered back through the dialect's response
// and stream encoders, which take the client's own strings (model name, tool ids).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dialects/anthropic/event_encoder.hpp"
#include "dialects/anthropic/message_response.hpp"
#include "dialects/anthropic/messages_request.hpp"
#include "llmgw/canonical/chat.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

using llmgw::canonical::Json;

void render_back(const llmgw::canonical::ChatRequest& request) {
  llmgw::canonical::RenderContext context{"fuzz", request.model, 0, true};
  llmgw::canonical::ChatResponse response;
  llmgw::canonical::Choice choice;
  for (const auto& message : request.messages) {
    for (const auto& call : message.tool_calls) choice.tool_calls.push_back(call);
    for (const auto& part : message.content) choice.text += part.text;
    choice.reasoning += message.reasoning;
  }
  response.choices.push_back(choice);
  const Json rendered =
      Json::parse(llmgw::dialects::anthropic::render_message(response, context), nullptr, false);
  check(rendered.is_object() && rendered["model"] == request.model);

  llmgw::providers::StreamOutput out;
  llmgw::dialects::anthropic::EventEncoder encoder(context);
  encoder.bind(out);
  encoder.message_start("", "");
  encoder.text_delta(0, choice.text);
  int index = 0;
  for (const auto& call : choice.tool_calls) {
    encoder.tool_call_start(0, index, call.id, call.name);
    encoder.tool_call_delta(0, index, call.arguments);
    ++index;
  }
  encoder.message_end();
  check(out.done && !out.error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto parsed = llmgw::dialects::anthropic::parse_messages_request(body);
  if (!parsed.ok()) {
    const llmgw::Error& error = parsed.error();
    check(error.http_status == 400 && !error.message.empty());
    check(error.message.size() < 4096);  // client text echoed in messages is bounded
    return 0;
  }
  const llmgw::canonical::ChatRequest& request = parsed.value();
  check(!request.model.empty());
  check(request.max_tokens.has_value() && *request.max_tokens >= 1);
  check(!request.messages.empty());
  check(request.include_usage == request.stream);
  for (const auto& message : request.messages) {
    for (const auto& call : message.tool_calls) {
      // Tool inputs were objects; their dump must read back as one.
      check(Json::parse(call.arguments, nullptr, false).is_object());
    }
    for (const auto& part : message.content) {
      // An image is either inline or a URL, never both.
      check(part.kind != llmgw::canonical::ContentPart::Kind::image || part.image.url.empty() ||
            (part.image.data.empty() && part.image.media_type.empty()));
    }
  }
  render_back(request);
  return 0;
}
