#include "llmgw/observability/logging.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace llmgw::observability {
namespace {

class AppLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<AppLog> make(std::string level, config::LogFormat format) {
    config::LoggingConfig config;
    config.level = std::move(level);
    config.format = format;
    return std::make_unique<AppLog>(config, std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
  }

  std::vector<std::string> lines() const {
    std::istringstream in(out_.str());
    std::vector<std::string> result;
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
  }

  std::ostringstream out_;
};

TEST_F(AppLogTest, JsonLineHasTimeLevelMsgThenFields) {
  auto log = make("info", config::LogFormat::json);
  log->info("listening", {{"listener", "api"}, {"port", 8080}, {"tls", false}});
  const auto all = lines();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].rfind("{\"time\":\"", 0), 0u) << all[0];
  const auto json = nlohmann::json::parse(all[0]);
  EXPECT_EQ(json.size(), 6u);
  EXPECT_EQ(json["time"].get<std::string>().size(), 24u);
  EXPECT_EQ(json["level"], "info");
  EXPECT_EQ(json["msg"], "listening");
  EXPECT_EQ(json["listener"], "api");
  EXPECT_EQ(json["port"], 8080);
  EXPECT_EQ(json["tls"], false);
}

TEST_F(AppLogTest, LevelNamesAreShort) {
  auto log = make("debug", config::LogFormat::json);
  log->debug("d");
  log->info("i");
  log->warn("w");
  log->error("e");
  const auto all = lines();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(nlohmann::json::parse(all[0])["level"], "debug");
  EXPECT_EQ(nlohmann::json::parse(all[1])["level"], "info");
  EXPECT_EQ(nlohmann::json::parse(all[2])["level"], "warn");
  EXPECT_EQ(nlohmann::json::parse(all[3])["level"], "error");
}

TEST_F(AppLogTest, FiltersBelowConfiguredLevel) {
  auto log = make("warn", config::LogFormat::json);
  log->debug("hidden", {{"a", 1}});
  log->info("hidden");
  log->warn("shown");
  log->error("shown too", {{"b", 2}});
  const auto all = lines();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(all[0])["msg"], "shown");
  EXPECT_EQ(nlohmann::json::parse(all[1])["b"], 2);
}

TEST_F(AppLogTest, OffSilencesEverything) {
  auto log = make("off", config::LogFormat::json);
  log->error("nothing");
  EXPECT_TRUE(lines().empty());
}

TEST_F(AppLogTest, ReservedAndHostileFieldsStayValidJson) {
  auto log = make("info", config::LogFormat::json);
  log->info("bad\nmsg \"quoted\"",
            {{"msg", "shadow"}, {"bytes", std::string("\xff\x01")}, {"nested", {{"k", {1, 2}}}}});
  log->warn("not an object", nlohmann::json::array({1, 2}));
  const auto all = lines();
  ASSERT_EQ(all.size(), 2u);
  const auto json = nlohmann::json::parse(all[0]);
  EXPECT_EQ(json["msg"], "bad\nmsg \"quoted\"");
  EXPECT_EQ(json["field_msg"], "shadow");
  EXPECT_EQ(json["bytes"], "\xef\xbf\xbd\x01");
  EXPECT_EQ(json["nested"]["k"][1], 2);
  EXPECT_EQ(nlohmann::json::parse(all[1])["fields"], nlohmann::json::array({1, 2}));
}

TEST_F(AppLogTest, TextFormatIsTimeLevelMsgKeyValues) {
  auto log = make("info", config::LogFormat::text);
  log->info("listening on api",
            {{"address", "0.0.0.0:8080"}, {"workers", 4}, {"name", "two words"}});
  const auto all = lines();
  ASSERT_EQ(all.size(), 1u);
  const std::string& line = all[0];
  ASSERT_GT(line.size(), 25u);
  EXPECT_EQ(line[23], 'Z');
  EXPECT_EQ(line.substr(24),
            " info listening on api address=0.0.0.0:8080 name=\"two words\" workers=4");
}

TEST_F(AppLogTest, TextFormatCannotForgeLines) {
  auto log = make("info", config::LogFormat::text);
  log->warn("line\ninjected", {{"k", "v\nfake=1"}});
  const auto all = lines();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NE(all[0].find(R"( warn "line\ninjected" k="v\nfake=1")"), std::string::npos) << all[0];
}

TEST_F(AppLogTest, ReconfigureSwitchesLevelAndFormat) {
  auto log = make("error", config::LogFormat::json);
  log->info("dropped");
  config::LoggingConfig config;
  config.level = "debug";
  config.format = config::LogFormat::text;
  log->reconfigure(config);
  log->debug("now visible");
  const auto all = lines();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_NE(all[0].find(" debug now visible"), std::string::npos);
  EXPECT_NE(all[0][0], '{');
}

TEST_F(AppLogTest, UnknownLevelIsRejectedAndReconfigureKeepsTheOldOne) {
  EXPECT_THROW(make("verbose", config::LogFormat::json), std::invalid_argument);
  auto log = make("warn", config::LogFormat::json);
  config::LoggingConfig bad;
  bad.level = "loud";
  bad.format = config::LogFormat::text;
  EXPECT_THROW(log->reconfigure(bad), std::invalid_argument);
  log->info("still filtered");
  log->warn("still json");
  const auto all = lines();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(all[0])["msg"], "still json");
}

TEST_F(AppLogTest, IsLogLevelAcceptsExactlyTheConfigNames) {
  for (const char* name : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
    EXPECT_TRUE(is_log_level(name)) << name;
  }
  for (const char* name : {"", "warning", "INFO", "err", "fatal"}) {
    EXPECT_FALSE(is_log_level(name)) << name;
  }
}

TEST_F(AppLogTest, ConcurrentWritersAndReconfigureProduceWholeLines) {
  auto log = make("info", config::LogFormat::json);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) log->info("event", {{"thread", t}, {"i", i}});
    });
  }
  threads.emplace_back([&] {
    config::LoggingConfig config;
    for (int i = 0; i < 50; ++i) {
      config.format = i % 2 == 0 ? config::LogFormat::text : config::LogFormat::json;
      log->reconfigure(config);
    }
  });
  for (auto& thread : threads) thread.join();
  const auto all = lines();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (const auto& line : all) {
    if (line[0] == '{') {
      EXPECT_TRUE(nlohmann::json::accept(line));
    } else {
      EXPECT_NE(line.find(" info event "), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace llmgw::observability
