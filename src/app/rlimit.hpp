#pragma once

#include <cstdint>

namespace llmgw::app {

struct FileLimit {
  std::uint64_t before = 0;
  std::uint64_t after = 0;
  bool raised() const noexcept { return after > before; }
};

/// Raises the open-file soft limit to the hard limit: every client and upstream
/// connection is a descriptor, and distro defaults (1024) cap concurrent streams.
FileLimit raise_open_file_limit() noexcept;

}  // namespace llmgw::app
