#include "sse/sse_parser.hpp"

#include <cstring>
#include <limits>

namespace llmgw::sse {
namespace {

constexpr std::string_view kEndOfStream = "\n\n";

/// Offset of the first '\r' or '\n', or npos. Two memchr passes beat a byte loop: lines
/// almost always end in '\n' and '\r' is searched only before it.
std::size_t find_line_end(std::string_view s) noexcept {
  const void* lf = std::memchr(s.data(), '\n', s.size());
  const std::size_t lf_at = lf ? static_cast<const char*>(lf) - s.data() : s.size();
  const void* cr = std::memchr(s.data(), '\r', lf_at);
  if (cr != nullptr) return static_cast<const char*>(cr) - s.data();
  return lf ? lf_at : std::string_view::npos;
}

std::optional<std::uint64_t> parse_retry(std::string_view value) noexcept {
  if (value.empty()) return std::nullopt;
  std::uint64_t ms = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    ms = ms > (kMax - digit) / 10 ? kMax : ms * 10 + digit;
  }
  return ms;
}

}  // namespace

Parser::Parser(std::size_t max_event_bytes) : max_event_bytes_(max_event_bytes) {}

void Parser::push(std::string_view bytes) {
  if (ended_ || failed_ || bytes.empty()) return;
  if (input_.empty()) {
    input_ = bytes;
    return;
  }
  // Contract breach (previous bytes not drained): keep both rather than lose data.
  own_data();
  std::string joined;
  joined.reserve(input_.size() + bytes.size());
  joined.append(input_).append(bytes);
  owned_input_.swap(joined);
  input_ = owned_input_;
}

void Parser::finish() {
  if (ended_) return;
  push(kEndOfStream);
  ended_ = true;
}

std::optional<Event> Parser::next() {
  if (dispatched_) reset_event();
  if (failed_) return std::nullopt;
  std::string_view line;
  while (take_line(line)) {
    if (auto event = process_line(line)) return event;
    if (failed_) return std::nullopt;
  }
  // The caller may free its bytes once we return: copy what still points into them.
  own_data();
  return std::nullopt;
}

bool Parser::take_line(std::string_view& line) {
  if (line_from_partial_) {
    partial_.clear();
    line_from_partial_ = false;
  }
  if (skip_lf_ && !input_.empty()) {
    if (input_.front() == '\n') input_.remove_prefix(1);
    skip_lf_ = false;
  }
  if (input_.empty()) return false;
  const std::size_t end = find_line_end(input_);
  if (end == std::string_view::npos) {
    if (!fits(partial_.size() + input_.size())) return false;
    partial_.append(input_);
    input_ = {};
    return false;
  }
  const std::string_view piece = input_.substr(0, end);
  const bool carriage_return = input_[end] == '\r';
  input_.remove_prefix(end + 1);
  if (carriage_return) {
    if (input_.empty()) {
      skip_lf_ = true;
    } else if (input_.front() == '\n') {
      input_.remove_prefix(1);
    }
  }
  if (partial_.empty()) {
    line = piece;
    return true;
  }
  if (!fits(partial_.size() + piece.size())) return false;
  partial_.append(piece);
  line = partial_;
  line_from_partial_ = true;
  return true;
}

std::optional<Event> Parser::process_line(std::string_view line) {
  // Checked on every line, buffered or not, so the outcome never depends on how the
  // bytes were split into reads.
  if (!fits(line.size())) return std::nullopt;
  if (line.empty()) {
    if (!has_fields_) return std::nullopt;
    dispatched_ = true;
    Event event;
    event.type = type_;
    event.data = data_in_view_ ? data_view_ : std::string_view(data_);
    event.id = id_;
    event.retry_ms = retry_;
    return event;
  }
  if (line.front() == ':') {
    Event event;
    event.kind = Event::Kind::comment;
    event.data = line.substr(1);
    event.id = id_;
    return event;
  }
  const std::size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value =
      colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);

  if (field == "data") {
    append_data(value);
  } else if (field == "event") {
    type_.assign(value);
    has_fields_ = true;
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) id_.assign(value);
    has_fields_ = true;
  } else if (field == "retry") {
    if (auto ms = parse_retry(value)) {
      retry_ = ms;
      has_fields_ = true;
    }
  }
  return std::nullopt;
}

void Parser::append_data(std::string_view value) {
  has_fields_ = true;
  if (!has_data_) {
    has_data_ = true;
    if (line_from_partial_) {
      data_.assign(value);
    } else {
      data_view_ = value;  // zero-copy: stays inside input_ until own_data()
      data_in_view_ = true;
    }
    return;
  }
  own_data();
  data_.push_back('\n');
  data_.append(value);
}

void Parser::own_data() {
  if (!data_in_view_) return;
  data_.assign(data_view_);
  data_view_ = {};
  data_in_view_ = false;
}

void Parser::reset_event() {
  type_.clear();
  data_.clear();
  data_view_ = {};
  data_in_view_ = false;
  has_data_ = false;
  has_fields_ = false;
  retry_.reset();
  dispatched_ = false;
}

bool Parser::fits(std::size_t line_bytes) {
  // The joined data grows by at most one line (a "data" line is longer than its '\n').
  const std::size_t event_bytes = (data_in_view_ ? data_view_.size() : data_.size()) + type_.size();
  if (line_bytes + event_bytes <= max_event_bytes_) return true;
  failed_ = true;
  input_ = {};
  partial_ = std::string();
  data_ = std::string();
  data_view_ = {};
  data_in_view_ = false;
  return false;
}

}  // namespace llmgw::sse
