#include "config/host_syntax.hpp"

#include <gtest/gtest.h>

namespace llmgw::config {
namespace {

TEST(HostSyntaxTest, RecognisesIpLiterals) {
  EXPECT_TRUE(is_ipv4_literal("127.0.0.1"));
  EXPECT_TRUE(is_ipv4_literal("0.0.0.0"));
  EXPECT_FALSE(is_ipv4_literal("256.0.0.1"));
  EXPECT_FALSE(is_ipv4_literal("1.2.3"));
  EXPECT_FALSE(is_ipv4_literal("::1"));
  EXPECT_FALSE(is_ipv4_literal(""));
  EXPECT_TRUE(is_ipv6_literal("::1"));
  EXPECT_TRUE(is_ipv6_literal("::"));
  EXPECT_TRUE(is_ipv6_literal("2001:db8::8a2e:370:7334"));
  EXPECT_TRUE(is_ipv6_literal("::ffff:10.0.0.1"));
  EXPECT_FALSE(is_ipv6_literal("[::1]"));
  EXPECT_FALSE(is_ipv6_literal("1:2:3:4:5:6:7:8:9"));
  EXPECT_FALSE(is_ipv6_literal(std::string(100, ':')));
}

TEST(HostSyntaxTest, RecognisesHostNames) {
  EXPECT_TRUE(is_hostname("api.openai.com"));
  EXPECT_TRUE(is_hostname("localhost"));
  EXPECT_TRUE(is_hostname("my_service-1"));
  EXPECT_FALSE(is_hostname(""));
  EXPECT_FALSE(is_hostname("a..b"));
  EXPECT_FALSE(is_hostname(".a"));
  EXPECT_FALSE(is_hostname("a."));
  EXPECT_FALSE(is_hostname("a b"));
  EXPECT_FALSE(is_hostname("a/b"));
  EXPECT_FALSE(is_hostname(std::string(64, 'a')));
  EXPECT_TRUE(is_hostname(std::string(63, 'a')));
  EXPECT_FALSE(is_hostname(std::string(300, 'a')));
}

TEST(HostSyntaxTest, ParsesPorts) {
  EXPECT_EQ(parse_port("0"), 0);
  EXPECT_EQ(parse_port("8080"), 8080);
  EXPECT_EQ(parse_port("65535"), 65535);
  EXPECT_FALSE(parse_port("65536"));
  EXPECT_FALSE(parse_port(""));
  EXPECT_FALSE(parse_port("-1"));
  EXPECT_FALSE(parse_port("+80"));
  EXPECT_FALSE(parse_port("80a"));
  EXPECT_FALSE(parse_port("000080"));
}

TEST(HostSyntaxTest, LowerCasesAsciiOnly) {
  EXPECT_EQ(to_lower_ascii("API.OpenAI.COM"), "api.openai.com");
  EXPECT_EQ(to_lower_ascii("\xC3\x84"), "\xC3\x84");
}

}  // namespace
}  // namespace llmgw::config
