#include "store/sqlite/spend_writer.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "llmgw/observability/logging.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/temp_dir.hpp"

namespace llmgw::store::sqlite {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

SpendRecord record(const std::string& id) {
  SpendRecord r;
  r.request_id = id;
  r.key_id = "key-" + id;
  r.team_id = "team-a";
  r.model = "gpt-4o";
  r.deployment = "gpt-4o-eu";
  r.provider = "openai";
  r.endpoint = "/v1/chat/completions";
  r.input_tokens = 10;
  r.output_tokens = 5;
  r.cost_pico = 1234;
  r.latency_ms = 20;
  r.status = 200;
  r.started_at_ms = 1'767'225'600'000;
  return r;
}

std::int64_t scalar(const std::filesystem::path& file, const char* sql) {
  Database db(file);
  auto select = db.prepare(sql);
  EXPECT_TRUE(select.step());
  return select.column_int(0);
}

// Writes wait a few ms at most for a lock and retry quickly, so failure tests run fast.
SpendWriter::Options fast_retry(std::size_t capacity = 1000) {
  SpendWriter::Options options;
  options.queue_capacity = capacity;
  options.retry_initial = milliseconds(5);
  options.retry_max = milliseconds(40);
  return options;
}

SpendWriter::Opener short_busy_timeout(const std::filesystem::path& file) {
  return [file] { return Database(file, Database::Options{milliseconds(10)}); };
}

template <class Pred>
bool eventually(Pred done) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!done() && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(2));
  return done();
}

class SpendWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Database db(dir_.db_file());
    migrate(db);
    config::LoggingConfig config;
    config.level = "debug";
    log_ = std::make_unique<observability::AppLog>(
        config, std::make_shared<spdlog::sinks::ostream_sink_mt>(log_lines_));
  }
  testing::TempDir dir_;
  std::ostringstream log_lines_;
  std::unique_ptr<observability::AppLog> log_;
};

TEST_F(SpendWriterTest, WritesEveryFieldAndAnUnpricedCostAsNull) {
  SpendWriter writer(dir_.db_file(), SpendWriter::Options{}, log_.get());
  SpendRecord priced = record("r1");
  priced.cached_tokens = 3;
  priced.cache_write_tokens = 2;
  priced.reasoning_tokens = 4;
  SpendRecord unpriced = record("r2");
  unpriced.cost_pico.reset();
  EXPECT_TRUE(writer.submit(std::move(priced)));
  EXPECT_TRUE(writer.submit(std::move(unpriced)));
  writer.stop();

  Database db(dir_.db_file());
  auto select = db.prepare(
      "SELECT request_id, key_id, team_id, model, deployment, provider, endpoint, input_tokens, "
      "output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost_pico, latency_ms, "
      "status, started_at FROM spend ORDER BY seq");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), "r1");
  EXPECT_EQ(select.column_text(1), "key-r1");
  EXPECT_EQ(select.column_text(2), "team-a");
  EXPECT_EQ(select.column_text(3), "gpt-4o");
  EXPECT_EQ(select.column_text(4), "gpt-4o-eu");
  EXPECT_EQ(select.column_text(5), "openai");
  EXPECT_EQ(select.column_text(6), "/v1/chat/completions");
  EXPECT_EQ(select.column_int(7), 10);
  EXPECT_EQ(select.column_int(8), 5);
  EXPECT_EQ(select.column_int(9), 3);
  EXPECT_EQ(select.column_int(10), 2);
  EXPECT_EQ(select.column_int(11), 4);
  EXPECT_EQ(select.column_optional_int(12), 1234);
  EXPECT_EQ(select.column_int(13), 20);
  EXPECT_EQ(select.column_int(14), 200);
  EXPECT_EQ(select.column_int(15), 1'767'225'600'000);
  ASSERT_TRUE(select.step());
  EXPECT_TRUE(select.is_null(12));
  EXPECT_FALSE(select.step());
  EXPECT_EQ(writer.stats().written, 2u);
}

TEST_F(SpendWriterTest, AFullQueueIsCountedAndSubmitNeverWaitsForTheDisk) {
  Database locker(dir_.db_file());
  locker.exec("BEGIN EXCLUSIVE");  // The writer cannot commit until this ends.
  SpendWriter writer(short_busy_timeout(dir_.db_file()), fast_retry(100), log_.get());
  int accepted = 0;
  auto slowest = Clock::duration::zero();
  for (int i = 0; i < 150; ++i) {
    const auto start = Clock::now();
    accepted += writer.submit(record("r" + std::to_string(i))) ? 1 : 0;
    slowest = std::max(slowest, Clock::now() - start);
  }
  EXPECT_EQ(accepted, 100);  // The bound counts the batch the writer holds, too.
  EXPECT_EQ(writer.dropped(), 50u);
  EXPECT_EQ(writer.stats().dropped, 50u);
  EXPECT_LT(slowest, milliseconds(50));
  locker.exec("ROLLBACK");
  writer.stop();
  EXPECT_EQ(scalar(dir_.db_file(), "SELECT count(*) FROM spend"), 100);
}

TEST_F(SpendWriterTest, RetriesWhileTheDatabaseIsLockedThenFlushesEverything) {
  Database locker(dir_.db_file());
  locker.exec("BEGIN EXCLUSIVE");
  SpendWriter writer(short_busy_timeout(dir_.db_file()), fast_retry(), log_.get());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(writer.submit(record("r" + std::to_string(i))));
  ASSERT_TRUE(eventually([&] { return writer.stats().write_errors >= 3; }));
  EXPECT_EQ(writer.stats().written, 0u);
  EXPECT_EQ(writer.stats().pending, 20u);
  locker.exec("ROLLBACK");
  ASSERT_TRUE(eventually([&] { return writer.stats().written == 20; }));
  writer.stop();
  EXPECT_EQ(scalar(dir_.db_file(), "SELECT count(DISTINCT request_id) FROM spend"), 20);
  EXPECT_EQ(writer.stats().lost, 0u);

  const std::string logged = log_lines_.str();
  EXPECT_NE(logged.find("spend write failed; retrying"), std::string::npos) << logged;
  EXPECT_NE(logged.find("database is locked"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("key-r"), std::string::npos) << logged;  // No record values.
}

TEST_F(SpendWriterTest, AStoreThatCannotBeOpenedIsRetriedUntilItRecovers) {
  auto failures = std::make_shared<std::atomic<int>>(0);
  auto healthy = std::make_shared<std::atomic<bool>>(false);
  const auto file = dir_.db_file();
  auto opener = [file, failures, healthy] {
    if (!healthy->load()) {
      failures->fetch_add(1);
      throw SqliteError("open " + file.string() + ": disk I/O error", 10);
    }
    return Database(file);
  };
  SpendWriter writer(opener, fast_retry(), log_.get());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(writer.submit(record("r" + std::to_string(i))));
  ASSERT_TRUE(eventually([&] { return failures->load() >= 3; }));
  healthy->store(true);
  writer.stop();
  EXPECT_EQ(scalar(dir_.db_file(), "SELECT count(*) FROM spend"), 5);
  EXPECT_GE(writer.stats().write_errors, 3u);
  EXPECT_EQ(writer.stats().lost, 0u);
}

TEST_F(SpendWriterTest, StopGivesUpAtItsDeadlineAndCountsTheLoss) {
  auto opener = []() -> Database { throw SqliteError("open: disk I/O error", 10); };
  SpendWriter::Options options = fast_retry();
  options.stop_deadline = milliseconds(100);
  SpendWriter writer(opener, options, log_.get());
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(writer.submit(record("r" + std::to_string(i))));
  const auto start = Clock::now();
  writer.stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(writer.stats().lost, 7u);
  EXPECT_EQ(writer.stats().pending, 0u);
  EXPECT_NE(log_lines_.str().find("spend records lost at shutdown"), std::string::npos);
}

TEST_F(SpendWriterTest, SubmitAfterStopIsRefusedAndCounted) {
  SpendWriter writer(dir_.db_file(), SpendWriter::Options{}, log_.get());
  writer.stop();
  writer.stop();  // Idempotent.
  EXPECT_FALSE(writer.submit(record("late")));
  EXPECT_EQ(writer.dropped(), 1u);
}

// Named *Threads so the ThreadSanitizer CI step can select it.
TEST(SpendWriterThreads, EveryRecordFromManyThreadsIsPresentAfterStop) {
  testing::TempDir dir;
  {
    Database db(dir.db_file());
    migrate(db);
  }
  constexpr int kThreads = 6;
  constexpr int kPerThread = 1500;
  SpendWriter::Options options;
  options.max_batch = 128;
  auto writer = std::make_unique<SpendWriter>(dir.db_file(), options, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!writer->submit(record(std::to_string(t) + "-" + std::to_string(i)))) ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  writer->stop();  // What SIGTERM's drain does after the last request completed.
  EXPECT_EQ(refused.load(), 0);
  const auto stats = writer->stats();
  EXPECT_EQ(stats.written, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.pending, 0u);
  writer.reset();
  EXPECT_EQ(scalar(dir.db_file(), "SELECT count(DISTINCT request_id) FROM spend"),
            kThreads * kPerThread);
}

}  // namespace
}  // namespace llmgw::store::sqlite
