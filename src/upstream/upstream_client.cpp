// The per-worker UpstreamClient: finds the origin's pool, reuses or opens a connection, and
// runs the exchange, resending once when a reused connection turns out to be dead.

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <vector>

#include "llmgw/upstream/upstream_client.hpp"
#include "upstream/connection_pool.hpp"
#include "upstream/connector.hpp"
#include "upstream/exchange.hpp"
#include "upstream/request_builder.hpp"
#include "upstream/tls_context.hpp"
#include "upstream/upstream_client_options.hpp"

namespace llmgw::upstream {

namespace asio = boost::asio;

namespace {

class BeastUpstreamClient final : public UpstreamClient {
 public:
  BeastUpstreamClient(asio::io_context& ioc, UpstreamClientOptions options)
      : ioc_(ioc),
        options_(std::move(options)),
        tls_(make_client_tls_context(options_.extra_ca_pem)) {}

  asio::awaitable<Result<std::unique_ptr<UpstreamExchange>>> send(
      const config::ProviderConfig& provider, UpstreamRequest request,
      CancelSignal& cancel) override;

 private:
  std::shared_ptr<ConnectionPool> pool_for(const config::ProviderConfig& provider);

  asio::io_context& ioc_;
  UpstreamClientOptions options_;
  asio::ssl::context tls_;
  // Few origins per worker: a linear scan beats hashing a freshly built key per request.
  std::vector<std::shared_ptr<ConnectionPool>> pools_;
};

std::shared_ptr<ConnectionPool> BeastUpstreamClient::pool_for(
    const config::ProviderConfig& provider) {
  const config::UpstreamOrigin& origin = provider.origin;
  const bool verify = origin.tls && provider.verify_tls;
  for (const auto& pool : pools_) {
    const OriginKey& key = pool->key();
    if (key.tls == origin.tls && key.port == origin.port && key.verify_tls == verify &&
        key.host == origin.host) {
      return pool;
    }
  }
  ConnectionPool::Settings settings;
  settings.idle_ttl = options_.idle_connection_ttl;
  settings.dns_ttl = options_.dns_ttl;
  pools_.push_back(ConnectionPool::create(
      ioc_.get_executor(), OriginKey{origin.tls, origin.host, origin.port, verify}, settings));
  return pools_.back();
}

asio::awaitable<Result<std::unique_ptr<UpstreamExchange>>> BeastUpstreamClient::send(
    const config::ProviderConfig& provider, UpstreamRequest request, CancelSignal& cancel) {
  const auto started = std::chrono::steady_clock::now();
  const bool head_request = request.method == boost::beast::http::verb::head;
  Result<OutgoingRequest> outgoing = build_request(provider.origin, std::move(request));
  if (!outgoing) co_return std::move(outgoing).error();

  std::shared_ptr<ConnectionPool> pool = pool_for(provider);
  ExchangeSettings settings{provider.name,
                            provider.timeouts,
                            provider.max_response_bytes,
                            provider.max_idle_connections,
                            head_request,
                            started};
  auto exchange = std::make_unique<BeastExchange>(std::move(settings), pool, cancel);

  // At most one resend, on a new connection, and only after a reused one died before
  // answering.
  for (bool first_attempt = true;; first_attempt = false) {
    std::unique_ptr<Connection> connection;
    if (first_attempt) connection = pool->checkout(std::chrono::steady_clock::now());
    if (!connection) {
      auto opened =
          co_await open_connection(ioc_.get_executor(), tls_, provider, pool->dns(),
                                   exchange->connect_deadline(), exchange->abort_switch());
      if (!opened) co_return std::move(opened).error();
      connection = std::move(opened.value());
    }
    BeastExchange::StartOutcome outcome =
        co_await exchange->start(std::move(connection), *outgoing);
    if (!outcome.error) co_return std::unique_ptr<UpstreamExchange>(std::move(exchange));
    if (!(outcome.retry_on_new_connection && first_attempt)) co_return std::move(*outcome.error);
  }
}

}  // namespace

std::unique_ptr<UpstreamClient> make_upstream_client(asio::io_context& ioc,
                                                     UpstreamClientOptions options) {
  return std::make_unique<BeastUpstreamClient>(ioc, std::move(options));
}

std::unique_ptr<UpstreamClient> make_upstream_client(asio::io_context& ioc) {
  return make_upstream_client(ioc, UpstreamClientOptions{});
}

}  // namespace llmgw::upstream
