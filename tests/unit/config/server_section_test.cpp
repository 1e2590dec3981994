// Tests for src/config/server_section.cpp (read_server).
#include "config/sections.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::find_issue;
using testing::read_document;
using testing::TempDir;

TEST(ServerSectionTest, ReadsEveryKey) {
  Diagnostics diag("f.yaml");
  auto config = read_document(R"(
server:
  listen: "[::]:9000"
  workers: 4
  limits: {max_header_bytes: 8KiB, max_body_bytes: 1MiB, max_connections: 50}
  timeouts: {header_read: 1s, body_read: 2s, idle_keep_alive: 3s, write: 4s, drain: 5s}
)",
                              diag);
  EXPECT_FALSE(diag.has_errors());
  const auto& server = config.server;
  EXPECT_EQ(server.listen.host, "::");
  EXPECT_EQ(server.listen.port, 9000);
  EXPECT_EQ(server.workers, 4u);
  EXPECT_EQ(server.limits.max_header_bytes, 8u * 1024);
  EXPECT_EQ(server.limits.max_body_bytes, 1u << 20);
  EXPECT_EQ(server.limits.max_connections, 50u);
  EXPECT_EQ(server.timeouts.header_read, Millis(1000));
  EXPECT_EQ(server.timeouts.body_read, Millis(2000));
  EXPECT_EQ(server.timeouts.idle_keep_alive, Millis(3000));
  EXPECT_EQ(server.timeouts.write, Millis(4000));
  EXPECT_EQ(server.timeouts.drain, Millis(5000));
  EXPECT_FALSE(server.tls.enabled());
}

TEST(ServerSectionTest, TlsPathsResolveAgainstConfigDirectory) {
  TempDir dir;
  dir.write("tls/cert.pem", "cert");
  Diagnostics diag("f.yaml");
  auto config = read_document("server:\n  tls: {cert_file: tls/cert.pem, key_file: /abs/key.pem}\n",
                              diag, {}, dir.path());
  EXPECT_EQ(config.server.tls.cert_file, (dir.path() / "tls/cert.pem").string());
  EXPECT_EQ(config.server.tls.key_file, "/abs/key.pem");
  EXPECT_TRUE(config.server.tls.enabled());
  // The key file does not exist: a warning, since certificates load when the server starts.
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_EQ(diag.warnings()[0].path, "server.tls.key_file");
  EXPECT_FALSE(diag.has_errors());
}

TEST(ServerSectionTest, BadValuesAndUnknownKeysAreReportedTogether) {
  Diagnostics diag("f.yaml");
  read_document(R"(server:
  listen: "localhost"
  workers: many
  limits:
    max_body_bytes: 10MB
    max_bodies: 1
  timeouts:
    drain: 30
)",
                diag);
  EXPECT_NE(find_issue(diag.errors(), "server.listen"), nullptr);
  EXPECT_NE(find_issue(diag.errors(), "server.workers"), nullptr);
  const auto* size = find_issue(diag.errors(), "server.limits.max_body_bytes");
  ASSERT_NE(size, nullptr);
  EXPECT_EQ(size->line, 5);
  const auto* unknown = find_issue(diag.errors(), "server.limits.max_bodies");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->line, 6);
  const auto* drain = find_issue(diag.errors(), "server.timeouts.drain");
  ASSERT_NE(drain, nullptr);
  EXPECT_NE(drain->message.find("needs a unit"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
