#pragma once
// The embedded store's own thread. SQLite calls block (disk, locks), so no event loop makes
// them: a coroutine hands a job to this thread and is resumed on its own executor with the
// result. The queue is bounded and every wait is timed, so a slow or stuck disk costs the
// caller an error, never a blocked worker or a hang.

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "llmgw/core/error.hpp"
#include "store/sqlite/database.hpp"

namespace llmgw::store::sqlite {

namespace detail {

template <class R>
struct IsResult : std::false_type {};
template <class T>
struct IsResult<Result<T>> : std::true_type {};

/// What the store thread runs. run() never throws.
class Job {
 public:
  virtual ~Job() = default;
  virtual void run(Database& db) noexcept = 0;
};

/// Turns a job's exception into the Result the caller gets.
Error job_failed(std::exception_ptr failure);
Error store_timeout(std::chrono::milliseconds timeout);
Error store_busy();
Error store_stopped();

}  // namespace detail

class SqliteExecutor {
 public:
  struct Options {
    std::size_t queue_capacity = 1024;  ///< Jobs waiting; one more is refused (store_busy).
  };
  struct Stats {
    std::uint64_t finished = 0;   ///< Jobs taken off the queue (run, or skipped).
    std::uint64_t rejected = 0;   ///< Refused: queue full or stopped.
    std::uint64_t timed_out = 0;  ///< Callers answered with store_timeout.
    std::uint64_t skipped = 0;    ///< Timed out before they started, so never run.
  };

  /// Takes the connection (opened and migrated by the caller) and starts the thread.
  SqliteExecutor(Database db, Options options);
  explicit SqliteExecutor(Database db) : SqliteExecutor(std::move(db), Options{}) {}
  /// Calls stop().
  ~SqliteExecutor();
  SqliteExecutor(const SqliteExecutor&) = delete;
  SqliteExecutor& operator=(const SqliteExecutor&) = delete;

  /// Runs `fn(Database&)`, which returns a Result<T>, on the store thread, and completes with
  /// that Result on the completion handler's associated executor (for `co_await` with the
  /// default token: the awaiting coroutine's). Never blocks the caller.
  ///
  /// The Result is an Error with code "store_busy" (503) when the queue is full or the executor
  /// stopped, and "store_timeout" (503) when `timeout` passed first; an exception thrown by
  /// `fn` becomes an internal error carrying its message. After a timeout the job is not run
  /// if it had not started; if it had, it finishes and its result is dropped, so a timed-out
  /// write may or may not have happened.
  ///
  /// Lifetime: `fn` may outlive the awaiting coroutine (after a timeout), so it must own what
  /// it uses: capture by value, never references to the caller's locals. It is destroyed on the
  /// store thread. The handler's executor must be an I/O executor (a timer runs on it) whose
  /// context outlives stop().
  template <class Fn, class CompletionToken = const boost::asio::use_awaitable_t<>&>
  auto run(Fn fn, std::chrono::milliseconds timeout,
           CompletionToken&& token = boost::asio::use_awaitable) {
    using R = std::invoke_result_t<Fn&, Database&>;
    static_assert(detail::IsResult<R>::value, "the job must return a llmgw::Result<T>");
    return boost::asio::async_initiate<CompletionToken, void(R)>(
        [this](auto handler, Fn job, std::chrono::milliseconds limit) {
          // Spelled through `this` because clang 14 does not see the dependent call use the
          // capture (-Wunused-lambda-capture).
          this->template start<R>(std::move(handler), std::move(job), limit);
        },
        token, std::move(fn), timeout);
  }

  /// Refuses new jobs, runs every queued one, then joins the thread. Idempotent. Completions
  /// are posted to their executors, which must still exist (they need not be running).
  void stop();

  Stats stats() const;

 private:
  // Shared between the store thread and the awaiting side: whichever settles it first (the
  // job's end or the timer) delivers the result; the other does nothing.
  template <class R>
  struct Rendezvous {
    struct Delivery {
      virtual ~Delivery() = default;
      virtual void deliver(R result) = 0;
    };
    std::unique_ptr<Delivery> take() {
      std::lock_guard lock(mutex);
      return std::move(delivery);
    }
    bool settled() {
      std::lock_guard lock(mutex);
      return delivery == nullptr;
    }
    std::mutex mutex;
    std::unique_ptr<Delivery> delivery;
  };

  // Lives on the awaiting side only: created, used and destroyed on the handler's executor,
  // so neither the timer nor the handler is ever touched by the store thread.
  template <class R, class Handler>
  struct Waiter {
    using Executor = boost::asio::associated_executor_t<Handler>;
    Waiter(Handler h, const Executor& ex) : handler(std::move(h)), executor(ex), timer(ex) {}
    Handler handler;
    Executor executor;
    boost::asio::steady_timer timer;
  };

  template <class R, class Handler>
  struct PostToWaiter final : Rendezvous<R>::Delivery {
    explicit PostToWaiter(std::shared_ptr<Waiter<R, Handler>> w) : waiter(std::move(w)) {}
    // On the store thread: the waiter moves into the posted function, so its last reference
    // is always dropped on its own executor.
    void deliver(R result) override {
      auto ex = waiter->executor;
      boost::asio::post(ex, [w = std::move(waiter), r = std::move(result)]() mutable {
        w->timer.cancel();
        std::move(w->handler)(std::move(r));
      });
    }
    std::shared_ptr<Waiter<R, Handler>> waiter;
  };

  template <class R, class Fn>
  struct JobFor final : detail::Job {
    JobFor(Fn f, std::shared_ptr<Rendezvous<R>> r, SqliteExecutor& e)
        : fn(std::move(f)), rendezvous(std::move(r)), executor(e) {}
    void run(Database& db) noexcept override {
      if (rendezvous->settled()) {
        executor.count_skipped();
        return;
      }
      std::optional<R> result;
      try {
        result.emplace(fn(db));
      } catch (...) {
        result.emplace(detail::job_failed(std::current_exception()));
      }
      if (auto delivery = rendezvous->take()) delivery->deliver(std::move(*result));
    }
    Fn fn;
    std::shared_ptr<Rendezvous<R>> rendezvous;
    SqliteExecutor& executor;
  };

  template <class R, class Handler, class Fn>
  void start(Handler handler, Fn fn, std::chrono::milliseconds timeout) {
    auto ex = boost::asio::get_associated_executor(handler);
    auto waiter = std::make_shared<Waiter<R, Handler>>(std::move(handler), ex);
    auto rendezvous = std::make_shared<Rendezvous<R>>();
    rendezvous->delivery = std::make_unique<PostToWaiter<R, Handler>>(waiter);
    // Armed before the job is queued: once queued, its result may be posted (and the timer
    // cancelled) at any moment, possibly on another thread of a multi-threaded context.
    waiter->timer.expires_after(timeout);
    waiter->timer.async_wait([this, rendezvous, timeout](const boost::system::error_code& ec) {
      if (ec) return;  // Cancelled: the job delivered.
      auto delivery = rendezvous->take();
      if (!delivery) return;  // The job's result is already posted.
      count_timed_out();      // `this` is alive: the job is still queued or running.
      delivery->deliver(R(detail::store_timeout(timeout)));
    });
    auto job = std::make_unique<JobFor<R, Fn>>(std::move(fn), rendezvous, *this);
    if (!enqueue(std::move(job))) {
      // Completed through post, never inline: the initiating coroutine is still suspending.
      if (auto delivery = rendezvous->take()) delivery->deliver(R(refusal()));
    }
  }

  bool enqueue(std::unique_ptr<detail::Job> job);
  Error refusal() const;
  void count_skipped() noexcept;
  void count_timed_out() noexcept;
  void run_thread();

  Database db_;
  const Options options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<detail::Job>> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace llmgw::store::sqlite
