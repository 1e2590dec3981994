#include "store/sqlite/sqlite_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

template <class T>
struct Outcome {
  std::optional<Result<T>> result;
  std::thread::id resumed_on;
};

template <class T, class Fn>
asio::awaitable<void> await_job(SqliteExecutor& executor, Fn job, milliseconds timeout,
                                Outcome<T>& out) {
  auto result = co_await executor.run(std::move(job), timeout);
  out.resumed_on = std::this_thread::get_id();
  out.result.emplace(std::move(result));
}

template <class T, class Fn>
void spawn(asio::io_context& ioc, SqliteExecutor& executor, Fn job, milliseconds timeout,
           Outcome<T>& out) {
  asio::co_spawn(ioc, await_job<T>(executor, std::move(job), timeout, out), asio::detached);
}

// Runs ready handlers until `done` holds, without blocking on the ones still waiting.
template <class Pred>
void poll_until(asio::io_context& ioc, Pred done) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!done() && Clock::now() < deadline) {
    ioc.poll();
    ioc.restart();
    std::this_thread::sleep_for(milliseconds(1));
  }
  ASSERT_TRUE(done());
}

class SqliteExecutorTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  asio::io_context ioc_;
};

TEST_F(SqliteExecutorTest, RunsOnTheStoreThreadAndResumesOnTheCaller) {
  SqliteExecutor executor(Database(dir_.db_file()));
  auto job = [](Database& db) -> Result<std::int64_t> {
    auto select = db.prepare("SELECT 41 + 1");
    select.step();
    EXPECT_NE(std::this_thread::get_id(), std::thread::id());
    return select.column_int(0);
  };
  Outcome<std::int64_t> out;
  spawn(ioc_, executor, job, milliseconds(5000), out);
  ioc_.run();
  ASSERT_TRUE(out.result && out.result->ok());
  EXPECT_EQ(out.result->value(), 42);
  EXPECT_EQ(out.resumed_on, std::this_thread::get_id());

  auto where = [](Database&) -> Result<std::thread::id> { return std::this_thread::get_id(); };
  Outcome<std::thread::id> store_thread;
  spawn(ioc_, executor, where, milliseconds(5000), store_thread);
  ioc_.restart();
  ioc_.run();
  ASSERT_TRUE(store_thread.result && store_thread.result->ok());
  EXPECT_NE(store_thread.result->value(), std::this_thread::get_id());
}

TEST_F(SqliteExecutorTest, ExceptionsBecomeInternalErrors) {
  SqliteExecutor executor(Database(dir_.db_file()));
  auto bad_sql = [](Database& db) -> Result<int> {
    db.exec("SELECT * FROM missing_table");
    return 0;
  };
  auto throws = [](Database&) -> Result<int> { throw std::runtime_error("boom"); };
  Outcome<int> first, second;
  spawn(ioc_, executor, bad_sql, milliseconds(5000), first);
  spawn(ioc_, executor, throws, milliseconds(5000), second);
  ioc_.run();
  ASSERT_TRUE(first.result && !first.result->ok());
  EXPECT_EQ(first.result->error().kind, ErrorKind::internal);
  EXPECT_NE(first.result->error().message.find("no such table: missing_table"), std::string::npos);
  ASSERT_TRUE(second.result && !second.result->ok());
  EXPECT_EQ(second.result->error().message, "store: boom");
}

TEST_F(SqliteExecutorTest, TimeoutAnswersWhileTheJobStillRunsAndItsResultIsDropped) {
  SqliteExecutor executor(Database(dir_.db_file()));
  auto finished = std::make_shared<std::atomic<bool>>(false);
  auto slow = [finished](Database&) -> Result<int> {
    std::this_thread::sleep_for(milliseconds(300));
    finished->store(true);
    return 1;
  };
  Outcome<int> out;
  const auto start = Clock::now();
  spawn(ioc_, executor, slow, milliseconds(30), out);
  ioc_.run();
  const auto waited = Clock::now() - start;
  ASSERT_TRUE(out.result && !out.result->ok());
  EXPECT_EQ(out.result->error().code, "store_timeout");
  EXPECT_EQ(out.result->error().http_status, 503);
  EXPECT_LT(waited, milliseconds(250));
  EXPECT_FALSE(finished->load());
  executor.stop();  // The job finishes after its coroutine is gone; nothing touches it.
  EXPECT_TRUE(finished->load());
  EXPECT_EQ(executor.stats().timed_out, 1u);
}

TEST_F(SqliteExecutorTest, AJobThatTimedOutBeforeItStartedNeverRuns) {
  SqliteExecutor executor(Database(dir_.db_file()));
  auto blocker = [](Database&) -> Result<int> {
    std::this_thread::sleep_for(milliseconds(200));
    return 1;
  };
  auto ran = std::make_shared<std::atomic<bool>>(false);
  auto late = [ran](Database&) -> Result<int> {
    ran->store(true);
    return 2;
  };
  Outcome<int> first, second;
  spawn(ioc_, executor, blocker, milliseconds(5000), first);
  spawn(ioc_, executor, late, milliseconds(20), second);
  ioc_.run();
  ASSERT_TRUE(first.result && first.result->ok());
  ASSERT_TRUE(second.result && !second.result->ok());
  EXPECT_EQ(second.result->error().code, "store_timeout");
  executor.stop();
  EXPECT_FALSE(ran->load());
  EXPECT_EQ(executor.stats().skipped, 1u);
}

TEST_F(SqliteExecutorTest, AFullQueueIsRefusedAtOnce) {
  SqliteExecutor executor(Database(dir_.db_file()), SqliteExecutor::Options{1});
  auto started = std::make_shared<std::atomic<bool>>(false);
  auto release = std::make_shared<std::promise<void>>();
  auto released = release->get_future().share();
  auto blocker = [started, released](Database&) -> Result<int> {
    started->store(true);
    released.wait();
    return 1;
  };
  auto quick = [](Database&) -> Result<int> { return 2; };
  Outcome<int> running, queued, refused;
  spawn(ioc_, executor, blocker, milliseconds(10000), running);
  poll_until(ioc_, [&] { return started->load(); });
  spawn(ioc_, executor, quick, milliseconds(10000), queued);
  spawn(ioc_, executor, quick, milliseconds(10000), refused);
  poll_until(ioc_, [&] { return refused.result.has_value(); });
  EXPECT_FALSE(running.result.has_value());
  EXPECT_FALSE(queued.result.has_value());
  ASSERT_FALSE(refused.result->ok());
  EXPECT_EQ(refused.result->error().code, "store_busy");

  release->set_value();
  ioc_.restart();
  ioc_.run();
  ASSERT_TRUE(running.result && running.result->ok());
  ASSERT_TRUE(queued.result && queued.result->ok());
  EXPECT_EQ(queued.result->value(), 2);
  EXPECT_EQ(executor.stats().rejected, 1u);
}

TEST_F(SqliteExecutorTest, StopRunsEveryQueuedJobThenRefusesNewOnes) {
  SqliteExecutor executor(Database(dir_.db_file()));
  auto blocker = [](Database&) -> Result<int> {
    std::this_thread::sleep_for(milliseconds(100));
    return 0;
  };
  auto count = std::make_shared<std::atomic<int>>(0);
  auto counted = [count](Database&) -> Result<int> { return count->fetch_add(1) + 1; };
  std::vector<Outcome<int>> outs(21);
  spawn(ioc_, executor, blocker, milliseconds(10000), outs[0]);
  for (std::size_t i = 1; i < outs.size(); ++i) {
    spawn(ioc_, executor, counted, milliseconds(10000), outs[i]);
  }
  ioc_.poll();  // Every coroutine has queued its job and suspended.
  ioc_.restart();
  executor.stop();
  EXPECT_EQ(count->load(), 20);
  ioc_.run();
  for (const auto& out : outs) ASSERT_TRUE(out.result && out.result->ok());

  Outcome<int> after;
  spawn(ioc_, executor, counted, milliseconds(10000), after);
  ioc_.restart();
  ioc_.run();
  ASSERT_TRUE(after.result && !after.result->ok());
  EXPECT_EQ(after.result->error().code, "store_busy");
  EXPECT_EQ(after.result->error().message, "store: shutting down");
}

TEST_F(SqliteExecutorTest, CallersOnSeveralEventLoopThreads) {
  SqliteExecutor executor(Database(dir_.db_file()));
  constexpr int kLoops = 3;
  constexpr int kJobsPerLoop = 50;
  std::vector<std::unique_ptr<asio::io_context>> loops;
  std::vector<std::vector<Outcome<int>>> outs(kLoops, std::vector<Outcome<int>>(kJobsPerLoop));
  auto job = [](Database& db) -> Result<int> {
    auto select = db.prepare("SELECT 7");
    select.step();
    return static_cast<int>(select.column_int(0));
  };
  for (int l = 0; l < kLoops; ++l) {
    loops.push_back(std::make_unique<asio::io_context>());
    for (auto& out : outs[l]) spawn(*loops.back(), executor, job, milliseconds(10000), out);
  }
  std::vector<std::thread> threads;
  std::vector<std::thread::id> ids(kLoops);
  for (int l = 0; l < kLoops; ++l) {
    threads.emplace_back([&, l] {
      ids[l] = std::this_thread::get_id();
      loops[l]->run();
    });
  }
  for (auto& thread : threads) thread.join();
  for (int l = 0; l < kLoops; ++l) {
    for (const auto& out : outs[l]) {
      ASSERT_TRUE(out.result && out.result->ok());
      EXPECT_EQ(out.result->value(), 7);
      EXPECT_EQ(out.resumed_on, ids[l]);
    }
  }
}

}  // namespace
}  // namespace llmgw::store::sqlite
