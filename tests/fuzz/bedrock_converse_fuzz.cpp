// libFuzzer target: ConverseStream decoding. The input is a script of Bedrock events (valid
// frames with fuzzed contents, exceptions, raw garbage, corrupted frames), encoded and fed
// once whole and once in random pieces. Both runs must report the same canonical events,
// and the events must keep the EventSink contract: message_start first and once, a tool
// call started before its deltas with indexes counting from 0, one finish before the end,
// nothing after the end or an error, and exactly one of the two after finish().

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../unit/providers/bedrock/bedrock_test_support.hpp"
#include "providers/bedrock/converse_stream_decoder.hpp"

namespace {

namespace bt = llmgw::providers::bedrock::testing;
using llmgw::canonical::FinishReason;
using llmgw::canonical::Json;

[[noreturn]] void violated() {
  std::abort();
}

/// Checks the contract while logging through LogSink, so two runs can be compared.
class CheckingSink final : public llmgw::canonical::EventSink {
 public:
  bt::LogSink log;

  void message_start(std::string_view id, std::string_view model) override {
    if (started_ || closed_) violated();
    started_ = true;
    log.message_start(id, model);
  }
  void text_delta(int choice, std::string_view text) override {
    content(choice);
    log.text_delta(choice, text);
  }
  void reasoning_delta(int choice, std::string_view text) override {
    content(choice);
    log.reasoning_delta(choice, text);
  }
  void tool_call_start(int choice, int index, std::string_view id, std::string_view name) override {
    content(choice);
    if (index != tools_ || id.empty()) violated();
    ++tools_;
    log.tool_call_start(choice, index, id, name);
  }
  void tool_call_delta(int choice, int index, std::string_view arguments) override {
    content(choice);
    if (index < 0 || index >= tools_) violated();
    log.tool_call_delta(choice, index, arguments);
  }
  void choice_finish(int choice, FinishReason reason, std::string_view stop) override {
    content(choice);
    if (finished_) violated();
    finished_ = true;
    log.choice_finish(choice, reason, stop);
  }
  void usage(const llmgw::Usage& usage) override {
    if (!started_ || closed_) violated();
    if (usage.total_tokens < usage.prompt_tokens) violated();
    log.usage(usage);
  }
  void message_end() override {
    if (!started_ || !finished_ || closed_) violated();
    closed_ = true;
    log.message_end();
  }
  void error(const llmgw::Error& error) override {
    if (closed_ || error.message.empty()) violated();
    closed_ = true;
    log.error(error);
  }
  bool closed() const { return closed_; }

 private:
  void content(int choice) {
    if (!started_ || closed_ || choice != 0) violated();
  }
  bool started_ = false;
  bool finished_ = false;
  bool closed_ = false;
  int tools_ = 0;
};

class Script {
 public:
  explicit Script(std::string_view input) : input_(input) {}
  bool done() const { return input_.empty(); }
  std::uint8_t byte() {
    if (input_.empty()) return 0;
    const auto value = static_cast<std::uint8_t>(input_.front());
    input_.remove_prefix(1);
    return value;
  }
  std::string bytes() {
    const std::size_t n = std::min<std::size_t>(byte() % 24, input_.size());
    std::string out(input_.substr(0, n));
    input_.remove_prefix(n);
    return out;
  }

 private:
  std::string_view input_;
};

std::string dump(const Json& payload) {
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string build_stream(Script& script) {
  static constexpr const char* kStops[] = {"end_turn", "tool_use", "max_tokens", "x"};
  static constexpr const char* kExceptions[] = {"throttlingException", "validationException",
                                                "modelStreamErrorException", "other"};
  std::string out;
  while (!script.done() && out.size() < 64 * 1024) {
    const std::uint8_t op = script.byte();
    const int block = script.byte() % 4;
    switch (op % 12) {
      case 0: out += bt::event("messageStart", R"({"role":"assistant"})"); break;
      case 1:
        out +=
            bt::event("contentBlockDelta",
                      dump({{"contentBlockIndex", block}, {"delta", {{"text", script.bytes()}}}}));
        break;
      case 2: {
        Json tool{{"name", script.bytes()}};
        if (op & 0x80) tool["toolUseId"] = script.bytes();
        out += bt::event("contentBlockStart",
                         dump({{"contentBlockIndex", block}, {"start", {{"toolUse", tool}}}}));
        break;
      }
      case 3:
        out += bt::event("contentBlockDelta",
                         dump({{"contentBlockIndex", block},
                               {"delta", {{"toolUse", {{"input", script.bytes()}}}}}}));
        break;
      case 4:
        out += bt::event("contentBlockDelta",
                         dump({{"delta", {{"reasoningContent", {{"text", script.bytes()}}}}}}));
        break;
      case 5: out += bt::event("contentBlockStop", dump({{"contentBlockIndex", block}})); break;
      case 6: out += bt::event("messageStop", dump({{"stopReason", kStops[block]}})); break;
      case 7:
        out += bt::event("metadata", dump({{"usage",
                                            {{"inputTokens", script.byte()},
                                             {"outputTokens", script.byte()},
                                             {"cacheReadInputTokens", script.byte()}}}}));
        break;
      case 8: out += bt::exception(kExceptions[block], dump({{"message", script.bytes()}})); break;
      case 9: out += script.bytes(); break;
      case 10: {
        std::string frame = bt::event("contentBlockDelta", R"({"delta":{"text":"x"}})");
        frame[script.byte() % frame.size()] ^= static_cast<char>(1 + script.byte() % 255);
        out += frame;
        break;
      }
      default: out += bt::event(op & 0x80 ? "metadata" : "contentBlockDelta", script.bytes());
    }
  }
  return out;
}

std::string decode(std::string_view bytes, std::uint32_t seed, bool split) {
  llmgw::providers::bedrock::ConverseStreamDecoder decoder("fuzz");
  CheckingSink sink;
  std::uint32_t state = seed | 1;
  while (!bytes.empty()) {
    std::size_t n = bytes.size();
    if (split) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      n = 1 + state % (bytes.size() < 32 ? bytes.size() : 32);
    }
    const std::string piece(bytes.substr(0, n));  // freed after the call: ASan sees kept views
    decoder.feed(piece, sink);
    bytes.remove_prefix(n);
  }
  decoder.finish(sink);
  if (!sink.closed()) violated();
  const std::string log = sink.log.log;
  decoder.feed("more", sink);
  decoder.finish(sink);
  if (sink.log.log != log) violated();
  return log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint32_t seed = data[0] | (std::uint32_t{data[1]} << 8);
  Script script(std::string_view(reinterpret_cast<const char*>(data) + 2, size - 2));
  const std::string stream = build_stream(script);
  if (decode(stream, seed, false) != decode(stream, seed, true)) std::abort();
  return 0;
}
