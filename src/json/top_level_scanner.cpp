#include "json/top_level_scanner.hpp"

#include <array>

#include "json/json_string.hpp"

namespace llmgw::json {
namespace {

constexpr std::size_t kTypicalMembers = 16;

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

ValueType type_at(std::string_view text, std::size_t i) noexcept {
  if (i >= text.size()) return ValueType::null;
  switch (text[i]) {
    case '{': return ValueType::object;
    case '[': return ValueType::array;
    case '"': return ValueType::string;
    case 't':
    case 'f': return ValueType::boolean;
    case 'n': return ValueType::null;
    default: return ValueType::number;
  }
}

/// The scan as an explicit state machine: no recursion, so hostile nesting cannot
/// exhaust the stack, and the container stack is a fixed array.
class Scanner {
 public:
  Scanner(std::string_view text, TopLevelObject* out) : text_(text), out_(out) {}

  ScanResult run() {
    std::size_t i = skip_whitespace(text_, 0);
    top_is_object_ = i < text_.size() && text_[i] == '{';
    record_ = out_ != nullptr && top_is_object_;
    if (out_ != nullptr) {
      out_->members.clear();
      // Requests and responses have a dozen or so top-level members: one allocation
      // instead of a doubling series.
      out_->members.reserve(kTypicalMembers);
      out_->open = out_->close = 0;
      if (top_is_object_) out_->open = i;
    }
    State state = State::value;
    for (;;) {
      ScanResult failure;
      switch (state) {
        case State::value: failure = on_value(i, state); break;
        case State::key: failure = on_key(i, state); break;
        case State::after_value:
          if (depth_ == 0) {
            i = skip_whitespace(text_, i);
            if (i != text_.size()) return fail(i, "unexpected data after the JSON value");
            if (!top_is_object_) return {ScanStatus::not_an_object, 0, "not a JSON object"};
            return {};
          }
          failure = on_after_value(i, state);
          break;
      }
      if (!failure.ok()) return failure;
    }
  }

 private:
  enum class State { value, key, after_value };

  static ScanResult fail(std::size_t at, const char* reason) {
    return {ScanStatus::syntax_error, at, reason};
  }

  bool in_object() const noexcept { return in_object_[depth_ - 1]; }

  void close_container(std::size_t& i) {
    --depth_;
    if (depth_ == 0 && record_) out_->close = i;
    ++i;
  }

  ScanResult on_value(std::size_t& i, State& state) {
    const std::size_t n = text_.size();
    if (i >= n) return fail(i, "unexpected end of input; expected a value");
    const char c = text_[i];
    state = State::after_value;
    if (c == '{' || c == '[') {
      if (depth_ == kMaxDepth) return {ScanStatus::too_deep, i, "nesting is too deep"};
      in_object_[depth_++] = c == '{';
      i = skip_whitespace(text_, i + 1);
      if (i < n && text_[i] == (c == '{' ? '}' : ']')) {
        close_container(i);
      } else {
        state = c == '{' ? State::key : State::value;
      }
      return {};
    }
    if (c == '"') {
      StringScan scan = scan_string(text_, i);
      if (!scan.ok) return fail(scan.end, scan.reason);
      i = scan.end;
      return {};
    }
    if (c == '-' || is_digit(c)) return scan_number(i);
    for (std::string_view literal : {"true", "false", "null"}) {
      if (literal.front() != c) continue;
      if (text_.substr(i, literal.size()) != literal) return fail(i, "invalid literal");
      i += literal.size();
      return {};
    }
    return fail(i, "unexpected character; expected a value");
  }

  ScanResult scan_number(std::size_t& i) {
    const std::size_t n = text_.size();
    std::size_t j = i;
    if (text_[j] == '-') ++j;
    if (j < n && text_[j] == '0') {
      ++j;
    } else if (j < n && is_digit(text_[j])) {
      while (j < n && is_digit(text_[j])) ++j;
    } else {
      return fail(j, "invalid number; expected a digit");
    }
    if (j < n && text_[j] == '.') {
      if (++j >= n || !is_digit(text_[j])) return fail(j, "invalid number; expected a digit");
      while (j < n && is_digit(text_[j])) ++j;
    }
    if (j < n && (text_[j] == 'e' || text_[j] == 'E')) {
      ++j;
      if (j < n && (text_[j] == '+' || text_[j] == '-')) ++j;
      if (j >= n || !is_digit(text_[j])) return fail(j, "invalid number; expected a digit");
      while (j < n && is_digit(text_[j])) ++j;
    }
    i = j;
    return {};
  }

  ScanResult on_key(std::size_t& i, State& state) {
    const std::size_t n = text_.size();
    if (i >= n || text_[i] != '"') return fail(i, "expected a string as object key");
    StringScan scan = scan_string(text_, i);
    if (!scan.ok) return fail(scan.end, scan.reason);
    Member* member = nullptr;
    if (record_ && depth_ == 1) {
      member = &out_->members.emplace_back();
      member->key_begin = i;
      std::string_view literal = text_.substr(i, scan.end - i);
      if (scan.has_escapes) {
        decode_string(literal, member->key);
      } else {
        member->key.assign(literal.substr(1, literal.size() - 2));
      }
    }
    i = skip_whitespace(text_, scan.end);
    if (i >= n || text_[i] != ':') return fail(i, "expected ':' after object key");
    i = skip_whitespace(text_, i + 1);
    if (member != nullptr) {
      member->value_begin = i;
      member->type = type_at(text_, i);
    }
    state = State::value;
    return {};
  }

  ScanResult on_after_value(std::size_t& i, State& state) {
    if (depth_ == 1 && record_) out_->members.back().value_end = i;
    i = skip_whitespace(text_, i);
    if (i >= text_.size()) return fail(i, "unexpected end of input");
    const char c = text_[i];
    if (c == ',') {
      i = skip_whitespace(text_, i + 1);
      state = in_object() ? State::key : State::value;
      return {};
    }
    if (c == (in_object() ? '}' : ']')) {
      close_container(i);
      state = State::after_value;
      return {};
    }
    return fail(i, in_object() ? "expected ',' or '}'" : "expected ',' or ']'");
  }

  std::string_view text_;
  TopLevelObject* out_;
  bool top_is_object_ = false;
  bool record_ = false;
  std::size_t depth_ = 0;
  std::array<bool, kMaxDepth> in_object_{};
};

}  // namespace

std::string_view describe(ValueType type) noexcept {
  switch (type) {
    case ValueType::object: return "an object";
    case ValueType::array: return "an array";
    case ValueType::string: return "a string";
    case ValueType::number: return "a number";
    case ValueType::boolean: return "a boolean";
    case ValueType::null: return "null";
  }
  return "a value";
}

const Member* TopLevelObject::find(std::string_view key) const noexcept {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

std::size_t TopLevelObject::count(std::string_view key) const noexcept {
  std::size_t n = 0;
  for (const auto& member : members) n += member.key == key ? 1 : 0;
  return n;
}

ScanResult scan_top_level(std::string_view text, TopLevelObject& out) {
  return Scanner(text, &out).run();
}

ScanResult validate(std::string_view text) {
  ScanResult result = Scanner(text, nullptr).run();
  if (result.status == ScanStatus::not_an_object) return {};
  return result;
}

}  // namespace llmgw::json
