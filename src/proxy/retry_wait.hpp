#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>

#include "llmgw/core/cancel_signal.hpp"

namespace llmgw::proxy {

/// Waits `delay` on an Asio timer (the worker keeps serving), ending early when `cancel`
/// fires (the client went away). True when the whole wait passed.
boost::asio::awaitable<bool> wait_before_retry(CancelSignal& cancel,
                                               std::chrono::milliseconds delay);

}  // namespace llmgw::proxy
