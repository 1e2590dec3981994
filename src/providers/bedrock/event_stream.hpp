#pragma once
// Incremental decoder for the binary `application/vnd.amazon.eventstream` framing that Bedrock
// ConverseStream answers with (providers.md §5.3). Bytes may arrive split at any point; every
// complete, CRC-checked message comes out whole. The first framing fault is final.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/core/error.hpp"

namespace llmgw::providers::bedrock {

struct EventStreamMessage {
  /// String-valued headers only (`:event-type`, `:message-type`, `:exception-type`,
  /// `:content-type`, `:error-code`, ...); headers of other value types are skipped.
  std::map<std::string, std::string, std::less<>> headers;
  std::string payload;

  bool operator==(const EventStreamMessage&) const = default;
};

class EventStreamDecoder {
 public:
  static constexpr std::size_t kPreludeBytes = 12;
  static constexpr std::size_t kMinMessageBytes = 16;  // Prelude plus message CRC.
  static constexpr std::size_t kMaxMessageBytes = 24U * 1024U * 1024U;
  static constexpr std::size_t kMaxHeadersBytes = 128U * 1024U;

  /// Appends `bytes` and returns every message they complete, in order. Messages completed
  /// before a framing fault are still returned, so the output does not depend on how the
  /// bytes were split. After a fault error() is set and nothing more is ever emitted.
  std::vector<EventStreamMessage> feed(std::string_view bytes);

  /// The first framing fault (Error::upstream_protocol), if any.
  const std::optional<Error>& error() const noexcept { return error_; }

  /// Call when the upstream body ends: an error if a partial message is still buffered,
  /// since a cut-short stream must not pass for a short answer.
  std::optional<Error> finish() const;

  /// Bytes received but not yet part of a complete message.
  std::size_t pending_bytes() const noexcept { return buffer_.size(); }
  bool failed() const noexcept { return error_.has_value(); }

 private:
  void fail(std::string message);

  std::string buffer_;
  std::optional<Error> error_;
};

}  // namespace llmgw::providers::bedrock
