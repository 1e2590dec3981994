// libFuzzer target: arbitrary upstream bytes through the Gemini event decoder, once whole and
// once in random splits, then finish(). A checking sink aborts on any broken EventSink
// contract; both runs must report the same events.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "providers/gemini/event_decoder.hpp"

namespace {

using llmgw::canonical::FinishReason;

class CheckingSink final : public llmgw::canonical::EventSink {
 public:
  std::vector<std::string> log;
  bool ended() const { return terminal_; }

  void message_start(std::string_view id, std::string_view model) override {
    check(!started_);
    started_ = true;
    add("start", id, model);
  }
  void text_delta(int choice, std::string_view text) override {
    open(choice);
    add("text", std::to_string(choice), text);
  }
  void reasoning_delta(int choice, std::string_view text) override {
    open(choice);
    add("reasoning", std::to_string(choice), text);
  }
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override {
    open(choice);
    check(!id.empty() && !name.empty());
    check(tool_index == next_tool_[choice]++);
    add("call", std::to_string(choice) + "/" + std::to_string(tool_index), id);
  }
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override {
    open(choice);
    check(tool_index < next_tool_[choice]);
    add("args", std::to_string(choice) + "/" + std::to_string(tool_index), arguments);
  }
  void choice_finish(int choice, FinishReason reason, std::string_view) override {
    open(choice);
    check(reason != FinishReason::none);
    finished_.insert(choice);
    add("finish", std::to_string(choice), std::to_string(static_cast<int>(reason)));
  }
  void usage(const llmgw::Usage& usage) override {
    check(started_ && !terminal_);
    check(usage.prompt_tokens >= 0 && usage.completion_tokens >= 0 && usage.total_tokens >= 0);
    add("usage", std::to_string(usage.total_tokens), "");
  }
  void message_end() override {
    check(started_ && !terminal_ && !finished_.empty());
    terminal_ = true;
    add("end", "", "");
  }
  void error(const llmgw::Error& error) override {
    check(!terminal_ && !error.message.empty());
    terminal_ = true;
    add("error", std::to_string(static_cast<int>(error.kind)), error.message);
  }

 private:
  static void check(bool ok) {
    if (!ok) std::abort();
  }
  void open(int choice) {
    check(started_ && !terminal_ && choice >= 0 && choice < 64 && !finished_.contains(choice));
  }
  void add(std::string_view what, std::string_view a, std::string_view b) {
    log.push_back(std::string(what) + '|' + std::string(a) + '|' + std::string(b));
  }

  bool started_ = false;
  bool terminal_ = false;
  std::set<int> finished_;
  std::map<int, int> next_tool_;
};

std::vector<std::string> decode(std::string_view bytes, std::size_t max_event_bytes,
                                std::uint32_t seed, bool split) {
  llmgw::providers::gemini::GeminiEventDecoder decoder("fz", max_event_bytes);
  CheckingSink sink;
  std::uint32_t state = seed | 1;
  while (!bytes.empty()) {
    std::size_t n = bytes.size();
    if (split) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      n = 1 + state % (bytes.size() < 64 ? bytes.size() : 64);
    }
    std::string piece(bytes.substr(0, n));  // no views into the caller's bytes may survive
    decoder.feed(piece, sink);
    bytes.remove_prefix(n);
  }
  decoder.finish(sink);
  // Whatever came in, a finished stream ends in message_end or an error, never silence.
  if (!sink.ended()) std::abort();
  return sink.log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t max_event_bytes = 32 + std::size_t{data[0]} * 16;
  const std::uint32_t seed = data[1] | (std::uint32_t{data[2]} << 8);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 3, size - 3);
  if (decode(bytes, max_event_bytes, seed, false) != decode(bytes, max_event_bytes, seed, true)) {
    std::abort();
  }
  return 0;
}
