#pragma once
// OpenAI chat/completions SSE → the client, who also speaks OpenAI: every event is relayed
// the moment it is complete with its payload bytes untouched. Only chunks that can matter
// are looked into: one carrying a usage object, one carrying a top-level error.

#include <string>

#include "json/top_level_scanner.hpp"
#include "providers/sse_relay_decoder.hpp"

namespace llmgw::providers::openai {

/// What to do with a chunk whose `choices` is an empty array and that carries no usage object.
/// Azure opens every stream with one (`"id":""`, only prompt_filter_results), which breaks
/// OpenAI clients that read choices[0] or want a non-empty id; OpenAI itself sends none.
enum class ChoicelessChunks { relay, drop };

class OpenAiStreamDecoder final : public SseRelayDecoder {
 public:
  /// `strip_usage_chunk`: the gateway asked for usage on its own, so the usage-only chunk
  /// (`"choices":[]`) is read but not relayed. `choiceless` never affects a chunk with a
  /// usage object: those follow `strip_usage_chunk`.
  explicit OpenAiStreamDecoder(bool strip_usage_chunk,
                               std::size_t max_event_bytes = sse::kDefaultMaxEventBytes,
                               ChoicelessChunks choiceless = ChoicelessChunks::relay);

 private:
  void on_event(const sse::Event& event, StreamOutput& out, bool at_end) override;
  bool scan(std::string_view payload);

  json::TopLevelObject scratch_;  ///< Reused by every chunk that needs a look inside.
  bool strip_usage_chunk_;
  ChoicelessChunks choiceless_;
};

/// Cheap textual probes run on every chunk instead of a parse. JSON escapes every '"' inside
/// strings, so `"usage"` followed by ':' is a key (possibly a nested one: a hit is confirmed
/// by a scan before anything is acted on). has_nonempty_choices only feeds the
/// time-to-first-token signal and looks at the first `"choices"` key.
bool has_usage_object(std::string_view payload) noexcept;
bool has_nonempty_choices(std::string_view payload) noexcept;
/// The first `"choices"` key holds an empty array (confirmed by a scan before acting on it).
bool has_empty_choices(std::string_view payload) noexcept;

}  // namespace llmgw::providers::openai
