// libFuzzer target: arbitrary upstream bytes through both Anthropic stream decoders (the
// canonical event decoder and the native pass-through decoder), once whole and once in
// random splits, then finish(). Besides never crashing: both runs must give the same output,
// the canonical stream must keep its contract (message_start first, a tool call's deltas only
// after its start, tool indexes counting from 0, nothing after message_end or error), and a
// finished stream always ends in message_end/done or an error, never silence.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>

#include "providers/anthropic/event_decoder.hpp"
#include "providers/anthropic/stream_decoder.hpp"

namespace {

using llmgw::canonical::FinishReason;

void require(bool condition) {
  if (!condition) std::abort();
}

class CheckingSink final : public llmgw::canonical::EventSink {
 public:
  std::string log;
  bool ended = false;
  bool errored = false;

  void message_start(std::string_view id, std::string_view model) override {
    require(!started_ && !ended && !errored);
    started_ = true;
    record('S', id);
    record('M', model);
  }
  void text_delta(int choice, std::string_view text) override {
    content(choice);
    record('T', text);
  }
  void reasoning_delta(int choice, std::string_view text) override {
    content(choice);
    record('R', text);
  }
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override {
    content(choice);
    require(!id.empty());
    require(tool_index == static_cast<int>(tools_.size()));
    tools_.insert(tool_index);
    record('C', id);
    record('N', name);
  }
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override {
    content(choice);
    require(tools_.count(tool_index) == 1);
    record('A', std::to_string(tool_index) + ":" + std::string(arguments));
  }
  void choice_finish(int choice, FinishReason reason, std::string_view stop_sequence) override {
    content(choice);
    require(!finished_);
    finished_ = true;
    record('F', std::to_string(static_cast<int>(reason)) + std::string(stop_sequence));
  }
  void usage(const llmgw::Usage& usage) override {
    live();
    require(started_);
    require(usage.prompt_tokens >= 0 && usage.completion_tokens >= 0);
    require(usage.total_tokens == usage.prompt_tokens + usage.completion_tokens);
    record('U', std::to_string(usage.total_tokens));
  }
  void message_end() override {
    live();
    require(finished_);  // the decoder reports the finish before the end
    ended = true;
    record('E', "");
  }
  void error(const llmgw::Error& error) override {
    live();
    errored = true;
    record('X', std::string(llmgw::to_string(error.kind)) + std::to_string(error.http_status));
  }

 private:
  void live() { require(!ended && !errored); }
  void content(int choice) {
    live();
    require(choice == 0);
    require(started_);  // message_start came first
  }
  /// Deltas are merged so the log does not depend on where the input was split.
  void record(char kind, std::string_view text) {
    if ((kind == 'T' || kind == 'R') && last_ == kind) {
      log.append(text);
      return;
    }
    if (kind == 'A' && last_ == 'A' && text.substr(0, text.find(':')) == last_tool_) {
      log.append(text.substr(text.find(':') + 1));
      return;
    }
    if (kind == 'A') last_tool_ = std::string(text.substr(0, text.find(':')));
    last_ = kind;
    log.push_back('\n');
    log.push_back(kind);
    log.append(text);
  }

  std::set<int> tools_;
  bool started_ = false;
  bool finished_ = false;
  char last_ = 0;
  std::string last_tool_;
};

struct NativeRun {
  std::string client_bytes;
  std::optional<llmgw::ErrorKind> error;
  bool error_forwarded = false;
  bool done = false;
  bool saw_content = false;
  std::int64_t total_tokens = -1;
  bool operator==(const NativeRun&) const = default;
};

/// Next piece length: the whole rest, or 1..64 bytes from a xorshift state.
std::size_t next_piece(std::size_t left, bool split, std::uint32_t& state) {
  if (!split) return left;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return 1 + state % (left < 64 ? left : 64);
}

std::string run_events(std::string_view bytes, std::size_t max_event_bytes, std::uint32_t seed,
                       bool split) {
  llmgw::providers::anthropic::AnthropicEventDecoder decoder("fuzz", max_event_bytes);
  CheckingSink sink;
  std::uint32_t state = seed | 1;
  while (!bytes.empty()) {
    const std::size_t n = next_piece(bytes.size(), split, state);
    const std::string piece(bytes.substr(0, n));
    decoder.feed(piece, sink);
    bytes.remove_prefix(n);
  }
  decoder.finish(sink);
  require(sink.ended || sink.errored);
  return sink.log;
}

NativeRun run_native(std::string_view bytes, std::size_t max_event_bytes, std::uint32_t seed,
                     bool split) {
  llmgw::providers::anthropic::AnthropicStreamDecoder decoder(max_event_bytes);
  NativeRun run;
  llmgw::providers::StreamOutput out;
  auto collect = [&] {
    require(!run.error || out.client_bytes.empty());  // nothing is relayed after an error
    run.client_bytes += out.client_bytes;
    if (out.usage) run.total_tokens = out.usage->total_tokens;
    if (out.error && !run.error) {
      run.error = out.error->kind;
      run.error_forwarded = out.error_forwarded;
    }
    run.done = run.done || out.done;
    run.saw_content = run.saw_content || out.saw_content;
    out.clear();
  };
  std::uint32_t state = seed | 1;
  while (!bytes.empty()) {
    const std::size_t n = next_piece(bytes.size(), split, state);
    const std::string piece(bytes.substr(0, n));
    decoder.feed(piece, out);
    collect();
    bytes.remove_prefix(n);
  }
  decoder.finish(out);
  collect();
  require(run.done || run.error);
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t max_event_bytes = 32 + std::size_t{data[0]} * 16;
  const std::uint32_t seed = data[1] | (std::uint32_t{data[2]} << 8);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 3, size - 3);
  require(run_events(bytes, max_event_bytes, seed, false) ==
          run_events(bytes, max_event_bytes, seed, true));
  require(run_native(bytes, max_event_bytes, seed, false) ==
          run_native(bytes, max_event_bytes, seed, true));
  return 0;
}
