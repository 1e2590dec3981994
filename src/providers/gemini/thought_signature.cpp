#include "providers/gemini/thought_signature.hpp"

#include <array>
#include <cstdint>

namespace llmgw::providers::gemini {
namespace {

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Index of `c` in kBase64Url, or -1.
int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

bool is_alphanumeric(char c) {
  const int value = base64url_value(c);
  return value >= 0 && value < 62;
}

/// The compact form: standard base64 characters mapped to the URL alphabet, padding dropped.
/// nullopt for a character outside the standard alphabet or an '=' before the end.
std::optional<std::string> compact_form(std::string_view signature) {
  while (!signature.empty() && signature.back() == '=') signature.remove_suffix(1);
  std::string out;
  out.reserve(signature.size());
  for (char c : signature) {
    if (c == '+') {
      out.push_back('-');
    } else if (c == '/') {
      out.push_back('_');
    } else if (is_alphanumeric(c)) {
      out.push_back(c);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

/// Inverse of compact_form for the signatures it is exact for: padding is put back as
/// standard base64 has it (none after 4n or 4n+1 characters, '==' after 4n+2, '=' after 4n+3).
std::optional<std::string> from_compact_form(std::string_view carried) {
  std::string out;
  out.reserve(carried.size() + 2);
  for (char c : carried) {
    if (c == '-') {
      out.push_back('+');
    } else if (c == '_') {
      out.push_back('/');
    } else if (is_alphanumeric(c)) {
      out.push_back(c);
    } else {
      return std::nullopt;
    }
  }
  if (carried.size() % 4 == 2) out.append("==");
  if (carried.size() % 4 == 3) out.push_back('=');
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1]))
                                << 8 |
                            static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kBase64Url[(n >> shift) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kBase64Url[(n >> 18) & 63]);
    out.push_back(kBase64Url[(n >> 12) & 63]);
    if (rest == 2) out.push_back(kBase64Url[(n >> 6) & 63]);
  }
  return out;
}

/// Unpadded base64url → bytes; nullopt for a foreign character or an impossible length.
std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    const int value = base64url_value(c);
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::string id_with_signature(std::string_view base_id, std::string_view signature) {
  if (signature.empty() || signature.size() > kMaxThoughtSignatureBytes) {
    return std::string(base_id);
  }
  std::string id(base_id);
  std::optional<std::string> compact = compact_form(signature);
  if (compact && !compact->empty() && from_compact_form(*compact) == signature) {
    id.append(kSignatureSeparator).append(*compact);
  } else {
    id.append(kOpaqueSignatureSeparator).append(base64url_encode(signature));
  }
  return id;
}

std::optional<std::string> signature_from_id(std::string_view id) {
  const std::size_t compact_at = id.rfind(kSignatureSeparator);
  const std::size_t opaque_at = id.rfind(kOpaqueSignatureSeparator);
  const bool compact = compact_at != std::string_view::npos &&
                       (opaque_at == std::string_view::npos || compact_at > opaque_at);
  std::optional<std::string> signature;
  if (compact) {
    const std::string_view carried = id.substr(compact_at + kSignatureSeparator.size());
    if (carried.size() <= kMaxThoughtSignatureBytes) signature = from_compact_form(carried);
  } else if (opaque_at != std::string_view::npos) {
    const std::string_view carried = id.substr(opaque_at + kOpaqueSignatureSeparator.size());
    // A carried signature within the limit is at most 4/3 of it: reject before decoding.
    if (carried.size() <= (kMaxThoughtSignatureBytes + 2) / 3 * 4) {
      signature = base64url_decode(carried);
    }
  }
  if (!signature || signature->empty() || signature->size() > kMaxThoughtSignatureBytes) {
    return std::nullopt;
  }
  return signature;
}

}  // namespace llmgw::providers::gemini
