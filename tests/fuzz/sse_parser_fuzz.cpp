// libFuzzer target: arbitrary bytes through the SSE parser, once whole and once in random
// splits. Besides never crashing, the two runs must see exactly the same events: splitting
// (CR|LF across reads, lines across reads, the size limit) must never change the result.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "sse/sse_parser.hpp"

namespace {

struct Seen {
  bool comment = false;
  std::string type;
  std::string data;
  std::string id;
  std::optional<std::uint64_t> retry;
  bool operator==(const Seen&) const = default;
};

struct Run {
  std::vector<Seen> events;
  bool failed = false;
  bool operator==(const Run&) const = default;
};

Run parse(std::string_view bytes, std::size_t max_event_bytes, std::uint32_t seed, bool split) {
  llmgw::sse::Parser parser(max_event_bytes);
  Run run;
  auto collect = [&](const llmgw::sse::Event& e) {
    run.events.push_back(
        {e.is_comment(), std::string(e.type), std::string(e.data), std::string(e.id), e.retry_ms});
  };
  std::uint32_t state = seed | 1;
  while (!bytes.empty()) {
    std::size_t n = bytes.size();
    if (split) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      n = 1 + state % (bytes.size() < 48 ? bytes.size() : 48);
    }
    // A fresh buffer per read, freed right after: ASan catches any view kept into it.
    std::string piece(bytes.substr(0, n));
    parser.feed(piece, collect);
    bytes.remove_prefix(n);
  }
  parser.finish();
  while (auto e = parser.next()) collect(*e);
  run.failed = parser.failed();
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t max_event_bytes = 8 + std::size_t{data[0]} * 4;  // small: reach the limit
  const std::uint32_t seed = data[1] | (std::uint32_t{data[2]} << 8);
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 3, size - 3);
  if (parse(bytes, max_event_bytes, seed, false) != parse(bytes, max_event_bytes, seed, true)) {
    std::abort();
  }
  return 0;
}
