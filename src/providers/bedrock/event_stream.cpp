#include "providers/bedrock/event_stream.hpp"

#include <utility>

#include "providers/bedrock/crc32.hpp"

namespace llmgw::providers::bedrock {
namespace {

std::uint64_t read_be(std::string_view bytes, std::size_t offset, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + i]);
  }
  return value;
}

/// Size of a header value of `type` starting at `offset`, or nullopt for an unknown type
/// or a length field that does not fit.
std::optional<std::size_t> value_size(std::uint8_t type, std::string_view headers,
                                      std::size_t offset) {
  switch (type) {
    case 0:
    case 1: return 0;
    case 2: return 1;
    case 3: return 2;
    case 4: return 4;
    case 5:
    case 8: return 8;
    case 9: return 16;
    case 6:
    case 7:
      if (headers.size() - offset < 2) return std::nullopt;
      return 2 + static_cast<std::size_t>(read_be(headers, offset, 2));
    default: return std::nullopt;
  }
}

/// Parses the header block into `out`; returns an error description on malformed input.
std::optional<std::string> parse_headers(std::string_view headers, EventStreamMessage& out) {
  std::size_t offset = 0;
  while (offset < headers.size()) {
    const std::size_t name_length = static_cast<unsigned char>(headers[offset]);
    ++offset;
    if (name_length == 0 || headers.size() - offset < name_length + 1) {
      return "eventstream header name is empty or overruns the header block";
    }
    std::string name(headers.substr(offset, name_length));
    offset += name_length;
    const auto type = static_cast<std::uint8_t>(headers[offset]);
    ++offset;
    const std::optional<std::size_t> size = value_size(type, headers, offset);
    if (!size) return "eventstream header has an unknown value type or truncated length";
    if (headers.size() - offset < *size) return "eventstream header value overruns the block";
    if (out.headers.contains(name)) return "eventstream message repeats a header name";
    if (type == 7) {
      out.headers.emplace(std::move(name), std::string(headers.substr(offset + 2, *size - 2)));
    }
    offset += *size;
  }
  return std::nullopt;
}

}  // namespace

void EventStreamDecoder::fail(std::string message) {
  error_ = Error::upstream_protocol(std::move(message));
  buffer_.clear();
}

std::vector<EventStreamMessage> EventStreamDecoder::feed(std::string_view bytes) {
  if (error_) return {};
  buffer_.append(bytes);
  std::vector<EventStreamMessage> messages;
  std::size_t consumed = 0;
  while (buffer_.size() - consumed >= kPreludeBytes) {
    const std::string_view rest = std::string_view(buffer_).substr(consumed);
    // The prelude CRC is checked before its lengths are trusted for anything.
    if (crc32(rest.substr(0, 8)) != read_be(rest, 8, 4)) {
      fail("eventstream prelude CRC mismatch");
      return messages;
    }
    const std::uint64_t total_length = read_be(rest, 0, 4);
    const std::uint64_t headers_length = read_be(rest, 4, 4);
    if (total_length < kMinMessageBytes || total_length > kMaxMessageBytes) {
      fail("eventstream message length " + std::to_string(total_length) +
           " is outside the allowed range");
      return messages;
    }
    if (headers_length > kMaxHeadersBytes || headers_length > total_length - kMinMessageBytes) {
      fail("eventstream headers length " + std::to_string(headers_length) +
           " does not fit the message");
      return messages;
    }
    if (rest.size() < total_length) break;
    const std::string_view message = rest.substr(0, total_length);
    const auto expected_crc = static_cast<std::uint32_t>(read_be(message, total_length - 4, 4));
    if (crc32(message.substr(0, total_length - 4)) != expected_crc) {
      fail("eventstream message CRC mismatch");
      return messages;
    }
    EventStreamMessage decoded;
    if (auto problem = parse_headers(message.substr(kPreludeBytes, headers_length), decoded)) {
      fail(std::move(*problem));
      return messages;
    }
    const std::size_t payload_offset = kPreludeBytes + headers_length;
    decoded.payload =
        std::string(message.substr(payload_offset, total_length - payload_offset - 4));
    messages.push_back(std::move(decoded));
    consumed += total_length;
  }
  buffer_.erase(0, consumed);
  return messages;
}

std::optional<Error> EventStreamDecoder::finish() const {
  if (error_) return error_;
  if (buffer_.empty()) return std::nullopt;
  return Error::upstream_protocol("eventstream ended inside a message (" +
                                  std::to_string(buffer_.size()) + " bytes pending)");
}

}  // namespace llmgw::providers::bedrock
