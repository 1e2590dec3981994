#include "server/worker_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <nlohmann/json.hpp>

#include "server/event_loop.hpp"
#include "server/listener.hpp"
#include "server/session_registry.hpp"

namespace llmgw::server {

namespace net = boost::asio;

struct WorkerPool::Worker {
  Worker(SharedServices& shared, const WorkerServicesFactory& make_services)
      : services(make_services(ioc)), context{ioc, shared, services->pipeline(), sessions} {}

  net::io_context ioc{1};
  std::unique_ptr<WorkerServices> services;
  SessionRegistry sessions;
  WorkerContext context;
  std::vector<std::pair<net::ip::tcp::acceptor, ListenerRole>> acceptors;
  std::thread thread;
};

namespace {

constexpr auto kDrainPoll = std::chrono::milliseconds(10);
// After the deadline aborts what is left, the aborted sessions need a moment to unwind.
constexpr auto kAbortGrace = std::chrono::milliseconds(500);

net::awaitable<void> wait_until_empty(SessionRegistry& sessions,
                                      std::chrono::steady_clock::time_point until) {
  net::steady_timer timer(co_await net::this_coro::executor);
  while (sessions.size() > 0 && std::chrono::steady_clock::now() < until) {
    timer.expires_after(kDrainPoll);
    co_await timer.async_wait(net::as_tuple(net::use_awaitable));
  }
}

}  // namespace

WorkerPool::WorkerPool(SharedServices& shared, unsigned workers,
                       std::chrono::microseconds busy_poll,
                       const WorkerServicesFactory& make_services)
    : shared_(shared), busy_poll_(busy_poll) {
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < workers; ++i) {
    workers_.push_back(std::make_unique<Worker>(shared, make_services));
  }
}

WorkerPool::~WorkerPool() {
  for (auto& worker : workers_) {
    worker->ioc.stop();
    if (worker->thread.joinable()) worker->thread.join();
  }
}

config::ListenAddress WorkerPool::listen_api(const config::ListenAddress& address,
                                             net::ssl::context* tls) {
  tls_ = tls;
  config::ListenAddress bound = address;
  for (auto& worker : workers_) {
    // The first bind resolves port 0; the others join that port.
    auto acceptor = open_acceptor(worker->ioc, bound, true);
    bound = bound_address(acceptor);
    worker->acceptors.emplace_back(std::move(acceptor), ListenerRole::api);
  }
  return bound;
}

config::ListenAddress WorkerPool::listen_metrics(const config::ListenAddress& address) {
  auto acceptor = open_acceptor(workers_.front()->ioc, address, false);
  config::ListenAddress bound = bound_address(acceptor);
  workers_.front()->acceptors.emplace_back(std::move(acceptor), ListenerRole::metrics);
  return bound;
}

config::ListenAddress WorkerPool::listen_admin(const config::ListenAddress& address) {
  auto acceptor = open_acceptor(workers_.front()->ioc, address, false);
  config::ListenAddress bound = bound_address(acceptor);
  workers_.front()->acceptors.emplace_back(std::move(acceptor), ListenerRole::admin);
  return bound;
}

void WorkerPool::start() {
  for (auto& worker : workers_) {
    Worker* w = worker.get();
    // The listeners are bound already: connections that arrive while the services start
    // wait in the backlog.
    net::co_spawn(
        w->ioc,
        [w, tls = tls_]() -> net::awaitable<void> {
          co_await w->services->start();
          for (auto& [acceptor, role] : w->acceptors) {
            net::ssl::context* role_tls = role == ListenerRole::api ? tls : nullptr;
            net::co_spawn(w->ioc, accept_loop(acceptor, w->context, role, role_tls), net::detached);
          }
        },
        net::detached);
    worker->thread = std::thread(
        [w = worker.get(), busy_poll = busy_poll_] { run_event_loop(w->ioc, busy_poll); });
  }
}

void WorkerPool::drain(std::chrono::milliseconds deadline) {
  shared_.draining.store(true, std::memory_order_relaxed);
  const auto until = std::chrono::steady_clock::now() + deadline;
  std::vector<std::future<void>> done;
  for (auto& worker : workers_) {
    auto finished = std::make_shared<std::promise<void>>();
    done.push_back(finished->get_future());
    Worker* w = worker.get();
    net::co_spawn(
        w->ioc,
        [w, until]() -> net::awaitable<void> {
          for (auto& [acceptor, role] : w->acceptors) {
            boost::system::error_code ignored;
            acceptor.close(ignored);
          }
          w->sessions.begin_drain();
          co_await wait_until_empty(w->sessions, until);
          if (w->sessions.size() > 0) {
            w->sessions.abort_all();
            co_await wait_until_empty(w->sessions, std::chrono::steady_clock::now() + kAbortGrace);
          }
          w->services->stop();
        },
        [finished](std::exception_ptr) { finished->set_value(); });
  }
  // The main thread (not an event loop) waits here for every worker's drain to finish.
  for (auto& f : done) f.wait();
  for (auto& worker : workers_) {
    worker->ioc.stop();
    if (worker->thread.joinable()) worker->thread.join();
  }
}

}  // namespace llmgw::server
