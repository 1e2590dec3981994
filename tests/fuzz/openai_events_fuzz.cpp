// libFuzzer target: arbitrary upstream bytes through the canonical OpenAI event decoder
// (translated path), once whole and once in random splits, into a sink that checks the
// EventSink contract on every call. Both runs must report the same events, and a finished
// stream must have ended in exactly one message_end or error.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "providers/openai/event_decoder.hpp"

namespace {

using llmgw::providers::openai::OpenAiEventDecoder;

void check(bool condition) {
  if (!condition) std::abort();
}

class CheckingSink final : public llmgw::canonical::EventSink {
 public:
  std::string log;  ///< Every event, for the whole-vs-split comparison.
  bool ended = false;
  bool errored = false;

  void message_start(std::string_view id, std::string_view model) override {
    check(!started_ && open());
    started_ = true;
    record("S", id, model);
  }
  void text_delta(int choice, std::string_view text) override {
    content(choice);
    record("T" + std::to_string(choice), text, {});
  }
  void reasoning_delta(int choice, std::string_view text) override {
    content(choice);
    record("R" + std::to_string(choice), text, {});
  }
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override {
    content(choice);
    check(!id.empty());
    check(tool_index == next_tool_[choice]++);  // counted per choice from 0
    record("C" + std::to_string(choice) + "." + std::to_string(tool_index), id, name);
  }
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override {
    content(choice);
    check(tool_index >= 0 && tool_index < next_tool_[choice]);  // started before
    record("A" + std::to_string(choice) + "." + std::to_string(tool_index), arguments, {});
  }
  void choice_finish(int choice, llmgw::canonical::FinishReason reason,
                     std::string_view stop_sequence) override {
    content(choice);
    check(reason != llmgw::canonical::FinishReason::none);
    finished_.insert(choice);
    record("F" + std::to_string(choice) + "." + std::to_string(static_cast<int>(reason)),
           stop_sequence, {});
  }
  void usage(const llmgw::Usage& usage) override {
    check(started_ && open());
    check(usage.prompt_tokens >= 0 && usage.completion_tokens >= 0 && usage.total_tokens >= 0);
    record("U", std::to_string(usage.prompt_tokens) + "/" + std::to_string(usage.total_tokens), {});
  }
  void message_end() override {
    check(started_ && open());
    ended = true;
    record("E", {}, {});
  }
  void error(const llmgw::Error& error) override {
    check(open());
    check(error.http_status >= 400 && error.http_status <= 599 && !error.message.empty());
    errored = true;
    record("X" + std::to_string(error.http_status), error.message, {});
  }

 private:
  bool open() const { return !ended && !errored; }
  void content(int choice) {
    check(started_ && open());
    check(choice >= 0 && choice < OpenAiEventDecoder::kMaxChoices);
    check(finished_.count(choice) == 0);  // nothing for a choice after its finish
  }
  void record(const std::string& tag, std::string_view a, std::string_view b) {
    log += tag;
    log += '\x1f';
    log.append(a);
    log += '\x1f';
    log.append(b);
    log += '\x1e';
  }

  bool started_ = false;
  std::map<int, int> next_tool_;
  std::set<int> finished_;
};

std::string decode(std::string_view bytes, std::size_t max_event_bytes, std::uint32_t seed,
                   bool split) {
  OpenAiEventDecoder decoder("fz", max_event_bytes);
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
    std::string piece(bytes.substr(0, n));  // the decoder must not keep views into it
    decoder.feed(piece, sink);
    bytes.remove_prefix(n);
  }
  decoder.finish(sink);
  decoder.finish(sink);               // idempotent
  check(sink.ended != sink.errored);  // over means exactly one terminal report
  return sink.log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t max_event_bytes = 32 + std::size_t{data[0]} * 64;
  const std::uint32_t seed = data[1] | (std::uint32_t{data[2]} << 8);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 3, size - 3);
  if (decode(bytes, max_event_bytes, seed, false) != decode(bytes, max_event_bytes, seed, true)) {
    std::abort();
  }
  return 0;
}
