#include "config/units.hpp"

#include <gtest/gtest.h>

namespace llmgw::config {
namespace {

Millis duration_ok(std::string_view text) {
  std::string error;
  auto value = parse_duration(text, error);
  EXPECT_TRUE(value.has_value()) << text << ": " << error;
  return value.value_or(Millis(-1));
}

std::string duration_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_duration(text, error).has_value()) << text;
  return error;
}

std::size_t size_ok(std::string_view text) {
  std::string error;
  auto value = parse_size(text, error);
  EXPECT_TRUE(value.has_value()) << text << ": " << error;
  return value.value_or(0);
}

std::string size_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_size(text, error).has_value()) << text;
  return error;
}

TEST(UnitsTest, ParsesEveryDurationUnit) {
  EXPECT_EQ(duration_ok("250ms"), Millis(250));
  EXPECT_EQ(duration_ok("10s"), Millis(10'000));
  EXPECT_EQ(duration_ok("5m"), Millis(300'000));
  EXPECT_EQ(duration_ok("1h"), Millis(3'600'000));
  EXPECT_EQ(duration_ok("0s"), Millis(0));  // Range checks belong to validation.
}

TEST(UnitsTest, RejectsBareNumbersAndBadDurations) {
  EXPECT_NE(duration_error("30").find("needs a unit"), std::string::npos);
  EXPECT_NE(duration_error("10d").find("unit"), std::string::npos);
  EXPECT_NE(duration_error("1.5s").find("unit"), std::string::npos);
  duration_error("");
  duration_error("s");
  duration_error("-5s");
  duration_error(" 5s");
  duration_error("5 s");
  duration_error("5S");
}

TEST(UnitsTest, RejectsDurationsThatOverflow) {
  EXPECT_NE(duration_error("99999999999999999999ms").find("invalid"), std::string::npos);
  EXPECT_NE(duration_error("9999999999999999h").find("too large"), std::string::npos);
}

TEST(UnitsTest, LongInputIsCutShortInMessages) {
  const std::string junk(10'000, 'x');
  EXPECT_LT(duration_error(junk).size(), 200u);
  EXPECT_LT(size_error(junk).size(), 200u);
}

TEST(UnitsTest, ParsesSizes) {
  EXPECT_EQ(size_ok("4096"), 4096u);
  EXPECT_EQ(size_ok("0"), 0u);
  EXPECT_EQ(size_ok("10B"), 10u);
  EXPECT_EQ(size_ok("16KiB"), 16u * 1024);
  EXPECT_EQ(size_ok("10MiB"), 10u * 1024 * 1024);
  EXPECT_EQ(size_ok("1GiB"), std::size_t{1} << 30);
  EXPECT_EQ(size_ok("2TiB"), std::size_t{2} << 40);
  EXPECT_EQ(size_ok("16 KiB"), 16u * 1024);
}

TEST(UnitsTest, RejectsDecimalAndUnknownSizeUnits) {
  EXPECT_NE(size_error("10MB").find("binary units"), std::string::npos);
  EXPECT_NE(size_error("10kB").find("binary units"), std::string::npos);
  EXPECT_NE(size_error("10kib").find("use B, KiB"), std::string::npos);
  size_error("");
  size_error("MiB");
  size_error("-1");
  size_error("1.5MiB");
  size_error("10  MiB");
  EXPECT_NE(size_error("99999999999TiB").find("too large"), std::string::npos);
}

TEST(UnitsTest, FormatsWithTheLargestExactUnit) {
  EXPECT_EQ(format_duration(Millis(600'000)), "10m");
  EXPECT_EQ(format_duration(Millis(3'600'000)), "1h");
  EXPECT_EQ(format_duration(Millis(1500)), "1500ms");
  EXPECT_EQ(format_duration(Millis(30'000)), "30s");
  EXPECT_EQ(format_duration(Millis(0)), "0ms");
  EXPECT_EQ(format_size(10 * 1024 * 1024), "10MiB");
  EXPECT_EQ(format_size(1000), "1000");
  EXPECT_EQ(format_size(0), "0");
  EXPECT_EQ(format_size(1536), "1536");
  EXPECT_EQ(format_size(std::size_t{1} << 30), "1GiB");
}

TEST(UnitsTest, FormattedValuesParseBack) {
  for (auto millis : {1, 999, 1000, 61'000, 3'600'000, 7'200'001}) {
    EXPECT_EQ(duration_ok(format_duration(Millis(millis))), Millis(millis));
  }
  for (std::size_t bytes : {std::size_t{1}, std::size_t{1024}, std::size_t{1025},
                            std::size_t{64} << 20, std::size_t{3} << 40}) {
    EXPECT_EQ(size_ok(format_size(bytes)), bytes);
  }
}

}  // namespace
}  // namespace llmgw::config
