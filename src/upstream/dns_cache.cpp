#include "upstream/dns_cache.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>

namespace llmgw::upstream {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::optional<Endpoints> DnsCache::lookup(Clock::time_point now) const {
  if (endpoints_.empty() || now >= expires_) return std::nullopt;
  return endpoints_;
}

void DnsCache::store(Endpoints endpoints, Clock::time_point now) {
  endpoints_ = std::move(endpoints);
  expires_ = now + ttl_;
}

void DnsCache::forget() noexcept {
  endpoints_ = Endpoints();
  expires_ = {};
}

namespace {

// Shared between the waiting coroutine and the resolver's completion handler, which may
// run after the coroutine has given up on it.
struct PendingLookup {
  PendingLookup(const asio::any_io_executor& executor, std::chrono::steady_clock::time_point at)
      : resolver(executor), wake(executor, at) {}

  tcp::resolver resolver;
  asio::steady_timer wake;  // expires at the deadline; cancelled early by answer or abort
  bool answered = false;
  bool aborted = false;
  boost::system::error_code ec;
  Endpoints endpoints;
};

}  // namespace

asio::awaitable<ResolveResult> resolve_host(asio::any_io_executor executor, const std::string& host,
                                            std::uint16_t port,
                                            std::chrono::steady_clock::time_point deadline,
                                            AbortSwitch& abort) {
  if (abort.aborted()) co_return ResolveResult{asio::error::operation_aborted, {}};
  auto lookup = std::make_shared<PendingLookup>(executor, deadline);
  lookup->resolver.async_resolve(
      host, std::to_string(port), tcp::resolver::numeric_service,
      [lookup](const boost::system::error_code& ec, Endpoints endpoints) {
        lookup->answered = true;
        lookup->ec = ec;
        lookup->endpoints = std::move(endpoints);
        lookup->wake.cancel();
      });
  {
    ScopedInterrupt interrupt(abort, [lookup] {
      lookup->aborted = true;
      lookup->resolver.cancel();
      lookup->wake.cancel();
    });
    co_await lookup->wake.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (lookup->aborted) co_return ResolveResult{asio::error::operation_aborted, {}};
  if (!lookup->answered) {
    lookup->resolver.cancel();
    co_return ResolveResult{boost::beast::error::timeout, {}};
  }
  if (!lookup->ec && lookup->endpoints.empty()) {
    co_return ResolveResult{asio::error::host_not_found, {}};
  }
  co_return ResolveResult{lookup->ec, std::move(lookup->endpoints)};
}

}  // namespace llmgw::upstream
