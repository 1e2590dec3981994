#include "config/url.hpp"

#include <gtest/gtest.h>

namespace llmgw::config {
namespace {

UpstreamOrigin url_ok(std::string_view url) {
  std::string error;
  auto origin = parse_base_url(url, error);
  EXPECT_TRUE(origin.has_value()) << url << ": " << error;
  return origin.value_or(UpstreamOrigin{});
}

std::string url_error(std::string_view url) {
  std::string error;
  EXPECT_FALSE(parse_base_url(url, error).has_value()) << url;
  EXPECT_FALSE(error.empty());
  return error;
}

TEST(UrlTest, HttpsDefaultsToPort443) {
  auto origin = url_ok("https://api.openai.com/v1");
  EXPECT_TRUE(origin.tls);
  EXPECT_EQ(origin.host, "api.openai.com");
  EXPECT_EQ(origin.port, 443);
  EXPECT_EQ(origin.base_path, "/v1");
}

TEST(UrlTest, HttpDefaultsToPort80) {
  auto origin = url_ok("http://ollama/v1");
  EXPECT_FALSE(origin.tls);
  EXPECT_EQ(origin.host, "ollama");
  EXPECT_EQ(origin.port, 80);
}

TEST(UrlTest, ExplicitPortAndNestedPath) {
  auto origin = url_ok("http://127.0.0.1:11434/api/openai/v1");
  EXPECT_EQ(origin.host, "127.0.0.1");
  EXPECT_EQ(origin.port, 11434);
  EXPECT_EQ(origin.base_path, "/api/openai/v1");
}

TEST(UrlTest, DropsTrailingSlashes) {
  EXPECT_EQ(url_ok("https://h/v1/").base_path, "/v1");
  EXPECT_EQ(url_ok("https://h/v1//").base_path, "/v1");
  EXPECT_EQ(url_ok("https://h/").base_path, "");
  EXPECT_EQ(url_ok("https://h").base_path, "");
}

TEST(UrlTest, LowerCasesSchemeAndHostButNotPath) {
  auto origin = url_ok("HTTPS://API.Example.COM/V1");
  EXPECT_TRUE(origin.tls);
  EXPECT_EQ(origin.host, "api.example.com");
  EXPECT_EQ(origin.base_path, "/V1");
}

TEST(UrlTest, Ipv6LiteralInBrackets) {
  auto origin = url_ok("http://[::1]:8000/v1");
  EXPECT_EQ(origin.host, "::1");
  EXPECT_EQ(origin.port, 8000);
  EXPECT_EQ(origin.base_path, "/v1");
  auto no_port = url_ok("https://[2001:db8::1]/v1");
  EXPECT_EQ(no_port.host, "2001:db8::1");
  EXPECT_EQ(no_port.port, 443);
}

TEST(UrlTest, RejectsBadSchemes) {
  EXPECT_NE(url_error("ftp://h/v1").find("http or https"), std::string::npos);
  EXPECT_NE(url_error("api.openai.com/v1").find("http://"), std::string::npos);
  url_error("https:/h/v1");
  url_error("://h");
}

TEST(UrlTest, RejectsQueryFragmentAndUserInfo) {
  EXPECT_NE(url_error("https://h/v1?api-version=1").find("query"), std::string::npos);
  EXPECT_NE(url_error("https://h/v1#top").find("fragment"), std::string::npos);
  const auto error = url_error("https://user:sk-secret@h/v1");
  EXPECT_NE(error.find("user info"), std::string::npos);
  EXPECT_EQ(error.find("sk-secret"), std::string::npos);
}

TEST(UrlTest, RejectsBadHostsAndPorts) {
  url_error("https:///v1");
  url_error("https://:443/v1");
  url_error("https://h:0/v1");
  url_error("https://h:65536/v1");
  url_error("https://h:/v1");
  url_error("https://h:abc/v1");
  url_error("https://bad_host!/v1");
  EXPECT_NE(url_error("http://::1:8000/v1").find("brackets"), std::string::npos);
  url_error("http://[::1/v1");
  url_error("http://[not-v6]/v1");
  url_error("http://[::1]x/v1");
}

TEST(UrlTest, RejectsSpacesControlCharsAndHugeInput) {
  url_error("");
  url_error("https://h/v 1");
  url_error(" https://h/v1");
  url_error("https://h/v1\n");
  url_error("https://h/\xC3\xA9");
  url_error("https://h/" + std::string(5000, 'a'));
}

}  // namespace
}  // namespace llmgw::config
