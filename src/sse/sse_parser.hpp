#pragma once
// Incremental Server-Sent Events parser (WHATWG event-stream rules, on bytes: no UTF-8
// decoding, so a multi-byte character split across reads is never mangled).
//
// Pull interface, so the hot path needs no std::function and no per-event allocation:
//   parser.push(bytes);
//   while (auto event = parser.next()) handle(*event);
// Buffers are reused across events; a single-line `data:` that arrived in one read is
// handed out as a view into the caller's bytes without being copied at all.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmgw::sse {

inline constexpr std::size_t kDefaultMaxEventBytes = 16 * 1024 * 1024;

struct Event {
  enum class Kind : std::uint8_t { message, comment };
  Kind kind = Kind::message;
  std::string_view type;  ///< Value of `event:`; empty when the event had none.
  std::string_view data;  ///< Data lines joined with '\n'; for a comment, the text after ':'.
  std::string_view id;    ///< Last event id seen on the stream (it persists across events).
  std::optional<std::uint64_t> retry_ms;  ///< A valid `retry:` field of this event.

  bool is_comment() const noexcept { return kind == Kind::comment; }
};

class Parser {
 public:
  /// `max_event_bytes` bounds the current line plus the event being built (its data and
  /// type); past it the parser fails (failed() turns true) and ignores all further input.
  explicit Parser(std::size_t max_event_bytes = kDefaultMaxEventBytes);

  /// Hands the next bytes to the parser. `bytes` must stay valid until next() has returned
  /// std::nullopt; call next() until then before pushing again.
  void push(std::string_view bytes);

  /// The next complete event, or std::nullopt when the pushed bytes are used up (or the
  /// parser failed). The views stay valid until the next call to push(), next() or finish().
  std::optional<Event> next();

  /// The stream ended: a trailing line without terminator counts as a line, and an event
  /// still being built is dispatched. Drain with next() afterwards. Further pushes are ignored.
  void finish();

  bool failed() const noexcept { return failed_; }
  std::size_t max_event_bytes() const noexcept { return max_event_bytes_; }

  /// Convenience: push() then hand every complete event to `on_event`.
  template <class OnEvent>
  void feed(std::string_view bytes, OnEvent&& on_event) {
    push(bytes);
    while (auto event = next()) on_event(*event);
  }

 private:
  bool take_line(std::string_view& line);
  std::optional<Event> process_line(std::string_view line);
  void append_data(std::string_view value);
  void own_data();
  void reset_event();
  bool fits(std::size_t line_bytes);

  std::size_t max_event_bytes_;
  std::string_view input_;
  std::string owned_input_;  ///< Only used when push() arrives before the input was drained.
  std::string partial_;      ///< A line split across pushes.
  bool line_from_partial_ = false;
  bool skip_lf_ = false;  ///< The last line ended with '\r': a leading '\n' belongs to it.
  bool ended_ = false;
  bool failed_ = false;

  std::string type_;
  std::string data_;
  std::string_view data_view_;  ///< Single data line still inside input_ (not yet copied).
  bool data_in_view_ = false;
  bool has_data_ = false;
  bool has_fields_ = false;
  bool dispatched_ = false;
  std::optional<std::uint64_t> retry_;
  std::string id_;
};

}  // namespace llmgw::sse
