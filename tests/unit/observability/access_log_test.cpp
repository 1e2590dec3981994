#include "llmgw/observability/access_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace llmgw::observability {
namespace {

class AccessLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("llmgw-access-log-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    config_.access_log_file = (dir_ / "access.log").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> read_lines() const {
    std::ifstream in(config_.access_log_file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::filesystem::path dir_;
  config::LoggingConfig config_;
};

RequestRecord record_for(std::string_view request_id, std::string_view model) {
  RequestRecord record;
  record.request_id = request_id;
  record.method = "POST";
  record.path = "/v1/chat/completions";
  record.model = model;
  record.status = 200;
  record.latency_seconds = 0.5;
  return record;
}

TEST_F(AccessLogTest, WritesOneJsonLinePerRequestInOrder) {
  auto log = make_access_log(config_);
  const std::string model = "quoted \"model\"\twith\x02control";
  log->write(record_for("req-1", "gpt-4o"));
  log->write(record_for("req-2", model));
  log->flush();

  const auto lines = read_lines();
  ASSERT_EQ(lines.size(), 2u);
  const auto first = nlohmann::json::parse(lines[0]);
  const auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(first["request_id"], "req-1");
  EXPECT_EQ(first["model"], "gpt-4o");
  EXPECT_TRUE(first["key_id"].is_null());
  EXPECT_TRUE(first["ttfb_ms"].is_null());
  EXPECT_TRUE(first["prompt_tokens"].is_null());
  EXPECT_EQ(second["request_id"], "req-2");
  EXPECT_EQ(second["model"], model);
  EXPECT_EQ(log->dropped(), 0u);
}

TEST_F(AccessLogTest, ReopenAfterRotationWritesToTheNewFile) {
  auto log = make_access_log(config_);
  log->write(record_for("before", "m"));
  log->flush();
  const std::filesystem::path rotated = dir_ / "access.log.1";
  std::filesystem::rename(config_.access_log_file, rotated);
  log->write(record_for("in-flight", "m"));  // batched before the reopen: either file is fine
  EXPECT_EQ(log->reopen(), std::nullopt);
  log->flush();
  log->write(record_for("after", "m"));
  log->flush();

  const auto lines = read_lines();
  ASSERT_FALSE(lines.empty()) << "the reopened file must exist and hold the new lines";
  EXPECT_EQ(nlohmann::json::parse(lines.back())["request_id"], "after");
  std::ifstream old_file(rotated);
  std::string first;
  std::getline(old_file, first);
  EXPECT_EQ(nlohmann::json::parse(first)["request_id"], "before");
  for (const auto& line : lines) {
    EXPECT_NE(nlohmann::json::parse(line)["request_id"], "before") << "rotated line duplicated";
  }
}

TEST_F(AccessLogTest, FailedReopenKeepsTheOldFileAndSaysWhy) {
  auto log = make_access_log(config_);
  const std::filesystem::path moved = dir_ / "moved.log";
  std::filesystem::rename(config_.access_log_file, moved);
  // A directory where the file should be makes the reopen fail.
  std::filesystem::create_directories(config_.access_log_file);
  const auto failure = log->reopen();
  ASSERT_TRUE(failure.has_value());
  EXPECT_NE(failure->find("access.log"), std::string::npos) << *failure;
  log->write(record_for("still-logged", "m"));
  log->flush();
  std::ifstream in(moved);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(nlohmann::json::parse(line)["request_id"], "still-logged");
}

TEST_F(AccessLogTest, StdoutAndDisabledLogsHaveNothingToReopen) {
  config_.access_log_file.clear();
  EXPECT_EQ(make_access_log(config_)->reopen(), std::nullopt);
  config_.access_log = false;
  EXPECT_EQ(make_access_log(config_)->reopen(), std::nullopt);
}

TEST_F(AccessLogTest, FlushWithNothingQueuedReturns) {
  auto log = make_access_log(config_);
  log->flush();
  log->flush();
  EXPECT_TRUE(read_lines().empty());
}

TEST_F(AccessLogTest, DestructionWritesEverythingQueued) {
  {
    auto log = make_access_log(config_);
    for (int i = 0; i < 100; ++i) log->write(record_for(std::to_string(i), "m"));
  }
  const auto lines = read_lines();
  ASSERT_EQ(lines.size(), 100u);
  EXPECT_EQ(nlohmann::json::parse(lines.back())["request_id"], "99");
}

TEST_F(AccessLogTest, FullQueueDropsOldestAndCountsThem) {
  config_.queue_size = 1;
  auto log = make_access_log(config_);
  constexpr int kWrites = 2000;
  for (int i = 0; i < kWrites; ++i) log->write(record_for(std::to_string(i), "m"));
  log->flush();
  const auto lines = read_lines();
  // The writer thread may keep up with some lines; whatever did not fit is counted, and
  // every line that made it is intact.
  EXPECT_EQ(lines.size() + log->dropped(), static_cast<std::size_t>(kWrites));
  for (const auto& line : lines) EXPECT_TRUE(nlohmann::json::accept(line));
}

TEST_F(AccessLogTest, DisabledLogWritesNothing) {
  config_.access_log = false;
  auto log = make_access_log(config_);
  log->write(record_for("req-1", "m"));
  log->flush();
  EXPECT_FALSE(std::filesystem::exists(config_.access_log_file));
  EXPECT_EQ(log->dropped(), 0u);
}

TEST_F(AccessLogTest, UnwritablePathIsAClearStartupError) {
  config_.access_log_file = (dir_ / "missing-file-as-dir" / "x").string();
  std::ofstream(dir_ / "missing-file-as-dir") << "a file, not a directory";
  try {
    static_cast<void>(make_access_log(config_));
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("logging.access_log_file"), std::string::npos);
  }
}

TEST_F(AccessLogTest, ZeroQueueSizeIsRejected) {
  config_.queue_size = 0;
  EXPECT_THROW(static_cast<void>(make_access_log(config_)), std::invalid_argument);
}

}  // namespace
}  // namespace llmgw::observability
