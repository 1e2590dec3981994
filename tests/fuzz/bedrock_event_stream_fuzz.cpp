// libFuzzer target: arbitrary bytes through the Bedrock eventstream decoder, once whole and
// once in random splits. Besides never crashing, both runs must produce the same messages,
// the same error and the same pending bytes: framing must not depend on read boundaries.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "providers/bedrock/event_stream.hpp"

namespace {

using llmgw::providers::bedrock::EventStreamDecoder;
using llmgw::providers::bedrock::EventStreamMessage;

struct Run {
  std::vector<EventStreamMessage> messages;
  std::optional<std::string> error;
  std::size_t pending = 0;
  bool operator==(const Run&) const = default;
};

Run decode(std::string_view bytes, std::uint32_t seed, bool split) {
  EventStreamDecoder decoder;
  Run run;
  std::uint32_t state = seed | 1;
  while (!bytes.empty()) {
    std::size_t n = bytes.size();
    if (split) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      n = 1 + state % (bytes.size() < 64 ? bytes.size() : 64);
    }
    // A fresh buffer per read, freed right after: ASan catches any view kept into it.
    std::string piece(bytes.substr(0, n));
    auto messages = decoder.feed(piece);
    run.messages.insert(run.messages.end(), messages.begin(), messages.end());
    bytes.remove_prefix(n);
  }
  if (decoder.error() && !decoder.feed("more").empty()) std::abort();
  if (auto error = decoder.finish()) run.error = error->message;
  run.pending = decoder.pending_bytes();
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint32_t seed = data[0] | (std::uint32_t{data[1]} << 8);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  if (decode(bytes, seed, false) != decode(bytes, seed, true)) std::abort();
  return 0;
}
