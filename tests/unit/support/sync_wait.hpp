#pragma once
// Runs an awaitable to completion on a private io_context: for unit tests of coroutine
// code that does no real I/O (middlewares, relays against in-memory doubles).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <stdexcept>

namespace llmgw::testing {

template <class T>
T sync_wait(boost::asio::awaitable<T> task) {
  boost::asio::io_context ioc;
  std::optional<T> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e, T value) {
    failure = e;
    if (!e) result.emplace(std::move(value));
  });
  ioc.run_for(std::chrono::seconds(10));
  if (failure) std::rethrow_exception(failure);
  if (!result) throw std::runtime_error("sync_wait: the awaitable did not finish within 10 s");
  return std::move(*result);
}

}  // namespace llmgw::testing
