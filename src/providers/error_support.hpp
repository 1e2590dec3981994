#pragma once
// Pieces every provider's error mapper needs the same way. Which statuses are retryable and
// how a body is read stay with each provider: those differ.

#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::providers {

/// `text` without leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view text) noexcept;

/// Only printable ASCII: safe to copy from a provider's header into ours.
bool printable_ascii(std::string_view text) noexcept;

/// Retry-After as the client should see it (seconds or an HTTP date), from `retry-after`,
/// else `retry-after-ms` rounded up to seconds; empty when neither is usable.
std::string retry_after_from(const Headers& headers);

/// The provider refused the gateway's own credentials (401/403). The client already passed
/// the gateway's auth, so passing the status on would tell it its key is bad, and the
/// provider's text may quote part of ours: a fixed, retryable 502 instead (another
/// deployment may still work). `detail` (e.g. an AWS error name) is appended when given.
Error credentials_rejected(int status, std::string_view detail = {});

}  // namespace llmgw::providers
