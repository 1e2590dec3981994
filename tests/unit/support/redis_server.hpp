#pragma once
// A real redis-server for tests: started on a free loopback port in a private temp dir
// (no RDB snapshots, no AOF unless asked), killed and removed by the destructor. Tests can
// kill, pause (SIGSTOP), resume and restart it on the same port to play outages. The
// blocking command() helper (hiredis's own synchronous client, fine on a test thread)
// inspects and pokes the server from outside the code under test.
//
// Also: drive(), which runs an awaitable on an io_context that keeps serving everything
// else on it (the connection's reader, reconnects), for tests of per-worker Redis code.

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace llmgw::testing {

class RedisServer {
 public:
  /// Whether a redis-server binary is on PATH (scripts/install-deps.sh test installs it).
  static bool installed() {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::size_t begin = 0;
    while (begin <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', begin), dirs.size());
      const std::filesystem::path candidate =
          std::filesystem::path(dirs.substr(begin, end - begin)) / "redis-server";
      if (access(candidate.c_str(), X_OK) == 0) return true;
      begin = end + 1;
    }
    return false;
  }

  /// `persistent`: an append-only file fsynced on every write, so data survives kill().
  explicit RedisServer(bool persistent = false) : persistent_(persistent) {
    // hiredis's blocking client write()s: a server killed mid-command must fail the
    // command, not kill the test binary.
    signal(SIGPIPE, SIG_IGN);
    std::string pattern = (std::filesystem::temp_directory_path() / "llmgw-redis-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~RedisServer() {
    kill();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  /// Starts (or restarts, on the same port) and waits until it answers PING.
  bool start() {
    for (int attempt = 0; attempt < 5; ++attempt) {  // Another process may take the port.
      kill();
      port_ = free_port();
      if (spawn() && wait_ready()) return true;
    }
    kill();
    return false;
  }
  /// Starts again on the same port (clients reconnect to the same address).
  bool restart() {
    kill();
    return spawn() && wait_ready();
  }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGCONT);
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  void pause() { ::kill(pid_, SIGSTOP); }
  void resume() { ::kill(pid_, SIGCONT); }

  std::uint16_t port() const noexcept { return port_; }
  bool running() const noexcept { return pid_ > 0; }

  /// One command over a fresh blocking connection; the reply as text ("(nil)", integers
  /// in decimal, arrays joined by ','), or "ERR:<message>" / "NOCONN".
  std::string command(const std::vector<std::string>& args) const {
    const timeval timeout{2, 0};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, timeout);
    if (c == nullptr || c->err != 0) {
      if (c != nullptr) redisFree(c);
      return "NOCONN";
    }
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const std::string& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(c, static_cast<int>(args.size()), argv.data(), lengths.data()));
    std::string text = reply != nullptr ? render(*reply) : "NOCONN";
    if (reply != nullptr) freeReplyObject(reply);
    redisFree(c);
    return text;
  }

 private:
  static std::string render(const redisReply& r) {
    switch (r.type) {
      case REDIS_REPLY_INTEGER: return std::to_string(r.integer);
      case REDIS_REPLY_NIL: return "(nil)";
      case REDIS_REPLY_ERROR: return "ERR:" + std::string(r.str, r.len);
      case REDIS_REPLY_ARRAY: {
        std::string out;
        for (std::size_t i = 0; i < r.elements; ++i) {
          if (i > 0) out += ',';
          out += render(*r.element[i]);
        }
        return out;
      }
      default: return std::string(r.str, r.len);
    }
  }

  static std::uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return ntohs(address.sin_port);
  }

  bool spawn() {
    const std::string port = std::to_string(port_);
    const std::string log = (dir_ / "redis.log").string();
    std::vector<std::string> args{
        "redis-server", "--port",      port,        "--bind", "127.0.0.1",   "--save", "",
        "--dir",        dir_.string(), "--logfile", log,      "--daemonize", "no"};
    for (const char* a :
         persistent_ ? std::vector<const char*>{"--appendonly", "yes", "--appendfsync", "always"}
                     : std::vector<const char*>{"--appendonly", "no"}) {
      args.emplace_back(a);
    }
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // Not the test's stdio: a server outliving a killed test must not hold its pipes open.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (const int fd : {0, 1, 2}) {
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    }
    const int spawned =
        posix_spawnp(&pid_, "redis-server", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return spawned == 0;
  }

  bool wait_ready() const {
    std::error_code ec;
    const std::string canonical_dir = std::filesystem::canonical(dir_, ec).string();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) return false;  // Exited (port taken?).
      // Ours, not another test process's server that took the same free port first.
      if (command({"CONFIG", "GET", "dir"}) == "dir," + canonical_dir) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  bool persistent_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

/// Runs `ioc` until `condition()` holds or `limit` passes; returns the condition.
template <class Condition>
bool drive_until(boost::asio::io_context& ioc, Condition condition,
                 std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition() && std::chrono::steady_clock::now() < deadline) {
    if (ioc.stopped()) ioc.restart();
    ioc.run_one_for(std::chrono::milliseconds(5));
  }
  return condition();
}

/// Runs `task` on `ioc` (with everything else queued there) until it finishes; throws if
/// it takes longer than `limit`.
template <class T>
T drive(boost::asio::io_context& ioc, boost::asio::awaitable<T> task,
        std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  struct Outcome {
    std::optional<T> result;
    std::exception_ptr failure;
    bool done = false;
  };
  // Shared: if the task outlives the limit, its completion must not touch a dead frame.
  const auto outcome = std::make_shared<Outcome>();
  boost::asio::co_spawn(ioc, std::move(task), [outcome](std::exception_ptr e, T value) {
    outcome->failure = e;
    if (!e) outcome->result.emplace(std::move(value));
    outcome->done = true;
  });
  drive_until(
      ioc, [&] { return outcome->done; }, limit);
  if (outcome->failure) std::rethrow_exception(outcome->failure);
  if (!outcome->done) throw std::runtime_error("drive: the awaitable did not finish in time");
  return std::move(*outcome->result);
}

}  // namespace llmgw::testing
