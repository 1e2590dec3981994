#include "observability/access_log_line.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "json/json_string.hpp"
#include "observability/utc_time.hpp"

namespace llmgw::observability {
namespace {

// Longer than any request could take; beyond it a value is a caller bug, logged as null.
constexpr double kMaxLoggedMilliseconds = 1e12;

class LineWriter {
 public:
  explicit LineWriter(std::string& out) : out_(out) { out_.push_back('{'); }
  void finish() { out_.push_back('}'); }

  void string_or_null(std::string_view key, std::string_view value) {
    this->key(key);
    if (value.empty()) {
      out_ += "null";
    } else {
      json::append_quoted(out_, value);
    }
  }

  template <class Integer>
  void integer(std::string_view key, Integer value) {
    this->key(key);
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, end);
  }

  void timestamp(std::string_view key, std::chrono::system_clock::time_point time) {
    this->key(key);
    out_.push_back('"');
    append_utc_timestamp(out_, time);
    out_.push_back('"');
  }

  void boolean(std::string_view key, bool value) {
    this->key(key);
    out_ += value ? "true" : "false";
  }

  void null(std::string_view key) {
    this->key(key);
    out_ += "null";
  }

  /// `seconds` < 0 means "did not happen" and renders as null, as does a non-finite value.
  void milliseconds_or_null(std::string_view key, double seconds) {
    this->key(key);
    const double ms = seconds * 1000.0;
    if (!(seconds >= 0) || !std::isfinite(ms) || ms > kMaxLoggedMilliseconds) {
      out_ += "null";
      return;
    }
    // Whole microseconds printed as milliseconds with three decimals: integer formatting
    // is a fraction of the cost of to_chars on a double, five times per line.
    const auto micros = static_cast<std::uint64_t>(std::llround(ms * 1000.0));
    char digits[32];
    char* end = std::to_chars(digits, digits + sizeof digits, micros / 1000).ptr;
    const auto fraction = static_cast<unsigned>(micros % 1000);
    *end++ = '.';
    *end++ = static_cast<char>('0' + fraction / 100);
    *end++ = static_cast<char>('0' + fraction / 10 % 10);
    *end++ = static_cast<char>('0' + fraction % 10);
    out_.append(digits, end);
  }

 private:
  /// Keys are compile-time literals of this file, so they need no escaping.
  void key(std::string_view name) {
    if (!first_) out_.push_back(',');
    first_ = false;
    out_.push_back('"');
    out_ += name;
    out_ += "\":";
  }

  std::string& out_;
  bool first_ = true;
};

}  // namespace

void append_access_log_line(std::string& out, const RequestRecord& record,
                            std::chrono::system_clock::time_point finished_at) {
  LineWriter line(out);
  line.timestamp("time", finished_at);
  line.string_or_null("request_id", record.request_id);
  line.string_or_null("key_id", record.key_id);
  line.string_or_null("method", record.method);
  line.string_or_null("path", record.path);
  line.string_or_null("model", record.model);
  line.string_or_null("provider", record.provider);
  line.string_or_null("upstream_model", record.upstream_model);
  line.string_or_null("deployment", record.deployment);
  if (record.status > 0) {
    line.integer("status", record.status);
  } else {
    line.null("status");
  }
  line.boolean("stream", record.stream);
  line.milliseconds_or_null("latency_ms", record.latency_seconds);
  line.milliseconds_or_null("ttfb_ms", record.ttfb_seconds);
  line.milliseconds_or_null("ttft_ms", record.ttft_seconds);
  line.milliseconds_or_null("upstream_ms", record.upstream_seconds);
  line.milliseconds_or_null("overhead_ms", record.overhead_seconds);
  if (record.usage_known) {
    line.integer("prompt_tokens", record.usage.prompt_tokens);
    line.integer("completion_tokens", record.usage.completion_tokens);
    line.integer("total_tokens", record.usage.total_tokens);
    line.integer("cached_tokens", record.usage.cached_tokens);
  } else {
    for (std::string_view key :
         {"prompt_tokens", "completion_tokens", "total_tokens", "cached_tokens"}) {
      line.null(key);
    }
  }
  line.string_or_null("cost_usd", record.cost_usd);
  line.integer("attempts", record.attempts);
  line.boolean("fallback", record.fallback);
  line.integer("bytes_in", record.bytes_in);
  line.integer("bytes_out", record.bytes_out);
  line.boolean("client_disconnected", record.client_disconnected);
  line.string_or_null("error", record.error_kind);
  line.finish();
}

}  // namespace llmgw::observability
