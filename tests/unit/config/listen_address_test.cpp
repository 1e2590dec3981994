#include "config/listen_address.hpp"

#include <gtest/gtest.h>

namespace llmgw::config {
namespace {

ListenAddress listen_ok(std::string_view text) {
  std::string error;
  auto address = parse_listen_address(text, error);
  EXPECT_TRUE(address.has_value()) << text << ": " << error;
  return address.value_or(ListenAddress{"invalid", 1});
}

std::string listen_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_listen_address(text, error).has_value()) << text;
  EXPECT_FALSE(error.empty());
  return error;
}

TEST(ListenAddressTest, ParsesIpv4AndPort) {
  auto address = listen_ok("127.0.0.1:8080");
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, 8080);
  EXPECT_EQ(listen_ok("0.0.0.0:65535").port, 65535);
}

TEST(ListenAddressTest, PortZeroMeansAnyFreePort) {
  EXPECT_EQ(listen_ok("127.0.0.1:0").port, 0);
}

TEST(ListenAddressTest, ParsesBracketedIpv6) {
  auto loopback = listen_ok("[::1]:8080");
  EXPECT_EQ(loopback.host, "::1");
  EXPECT_EQ(loopback.port, 8080);
  EXPECT_EQ(listen_ok("[::]:0").host, "::");
  EXPECT_EQ(listen_ok("[2001:DB8::1]:443").host, "2001:db8::1");
}

TEST(ListenAddressTest, LocalhostBecomesLoopbackLiteral) {
  EXPECT_EQ(listen_ok("localhost:9000").host, "127.0.0.1");
}

TEST(ListenAddressTest, RejectsMalformedAddresses) {
  EXPECT_NE(listen_error("8080").find("host:port"), std::string::npos);
  EXPECT_NE(listen_error(":8080").find("0.0.0.0"), std::string::npos);
  EXPECT_NE(listen_error("::1:8080").find("brackets"), std::string::npos);
  EXPECT_NE(listen_error("127.0.0.1:70000").find("port"), std::string::npos);
  EXPECT_NE(listen_error("example.com:80").find("IP address"), std::string::npos);
  listen_error("");
  listen_error("127.0.0.1:");
  listen_error("127.0.0.1:-1");
  listen_error("[::1]");
  listen_error("[::1]8080");
  listen_error("[::1:8080");
  listen_error("[1.2.3.4]:80");
  listen_error("127.0.0.1 :80");
}

TEST(ListenAddressTest, FormatsForDisplay) {
  EXPECT_EQ(format_listen_address({"127.0.0.1", 8080}), "127.0.0.1:8080");
  EXPECT_EQ(format_listen_address({"::1", 0}), "[::1]:0");
}

TEST(ListenAddressTest, KnowsWildcardHosts) {
  EXPECT_TRUE(is_wildcard_host("0.0.0.0"));
  EXPECT_TRUE(is_wildcard_host("::"));
  EXPECT_FALSE(is_wildcard_host("127.0.0.1"));
  EXPECT_FALSE(is_wildcard_host("::1"));
}

}  // namespace
}  // namespace llmgw::config
