#pragma once
// N worker threads, each running its own single-threaded io_context with its own
// acceptors, sessions and services (pipeline, upstream connection pools). Nothing on the request
// path is shared between workers except the thread-safe SharedServices.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "llmgw/config/config.hpp"
#include "server/worker_context.hpp"

namespace llmgw::server {

class WorkerPool {
 public:
  /// `busy_poll`: see run_event_loop (0: workers sleep as soon as they are idle).
  /// `make_services` builds each worker's pipeline and its parts (called here, per worker).
  WorkerPool(SharedServices& shared, unsigned workers, std::chrono::microseconds busy_poll,
             const WorkerServicesFactory& make_services);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Binds the API address on every worker (SO_REUSEPORT). Returns the bound address.
  /// Call before start(). @throws std::runtime_error.
  config::ListenAddress listen_api(const config::ListenAddress& address,
                                   boost::asio::ssl::context* tls);

  /// Binds the metrics listener on the first worker. @throws std::runtime_error.
  config::ListenAddress listen_metrics(const config::ListenAddress& address);

  /// Binds the admin API's listener on the first worker. @throws std::runtime_error.
  config::ListenAddress listen_admin(const config::ListenAddress& address);

  /// Starts the accept loops and the threads.
  void start();

  /// Graceful stop, blocking the caller: stops accepting, closes idle connections, lets
  /// in-flight requests finish until `deadline`, then aborts the rest and joins.
  void drain(std::chrono::milliseconds deadline);

  unsigned size() const noexcept { return static_cast<unsigned>(workers_.size()); }

 private:
  struct Worker;
  SharedServices& shared_;
  std::vector<std::unique_ptr<Worker>> workers_;
  boost::asio::ssl::context* tls_ = nullptr;
  std::chrono::microseconds busy_poll_;
};

}  // namespace llmgw::server
