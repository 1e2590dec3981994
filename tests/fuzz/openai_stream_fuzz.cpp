// libFuzzer target: arbitrary upstream bytes through the OpenAI stream decoder, once whole
// and once in random splits, then finish(). Besides never crashing, both runs must relay the
// same bytes and report the same usage, [DONE] and error.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "providers/openai/stream_decoder.hpp"

namespace {

struct Run {
  std::string client_bytes;
  std::optional<llmgw::Usage> usage;
  std::optional<llmgw::ErrorKind> error;
  bool error_forwarded = false;
  bool done = false;
  bool saw_content = false;
};

bool same(const Run& a, const Run& b) {
  auto same_usage = [](const std::optional<llmgw::Usage>& x, const std::optional<llmgw::Usage>& y) {
    if (x.has_value() != y.has_value()) return false;
    if (!x) return true;
    return x->prompt_tokens == y->prompt_tokens && x->completion_tokens == y->completion_tokens &&
           x->total_tokens == y->total_tokens && x->cached_tokens == y->cached_tokens &&
           x->reasoning_tokens == y->reasoning_tokens;
  };
  return a.client_bytes == b.client_bytes && same_usage(a.usage, b.usage) && a.error == b.error &&
         a.error_forwarded == b.error_forwarded && a.done == b.done &&
         a.saw_content == b.saw_content;
}

Run decode(std::string_view bytes, bool strip, std::size_t max_event_bytes, std::uint32_t seed,
           bool split) {
  llmgw::providers::openai::OpenAiStreamDecoder decoder(strip, max_event_bytes);
  Run run;
  llmgw::providers::StreamOutput out;
  auto collect = [&] {
    run.client_bytes += out.client_bytes;
    if (out.usage) run.usage = out.usage;
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
    std::size_t n = bytes.size();
    if (split) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      n = 1 + state % (bytes.size() < 64 ? bytes.size() : 64);
    }
    std::string piece(bytes.substr(0, n));
    decoder.feed(piece, out);
    collect();
    bytes.remove_prefix(n);
  }
  decoder.finish(out);
  collect();
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const bool strip = (data[0] & 1) != 0;
  const std::size_t max_event_bytes = 32 + std::size_t{data[0]} * 16;
  const std::uint32_t seed = data[1] | (std::uint32_t{data[2]} << 8);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 3, size - 3);
  const Run whole = decode(bytes, strip, max_event_bytes, seed, false);
  const Run pieces = decode(bytes, strip, max_event_bytes, seed, true);
  if (!same(whole, pieces)) std::abort();
  // Whatever came in, a stream that is over reports [DONE] or an error, never silence.
  if (!whole.done && !whole.error) std::abort();
  return 0;
}
