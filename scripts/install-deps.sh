#!/usr/bin/env bash
# Installs the Debian 12 packages llmgw needs; only the missing ones, so a second run is instant.
#
#   scripts/install-deps.sh run          build and run the gateway (make run)
#   scripts/install-deps.sh demo         run + what the demo starts (make demo: node, curl)
#   scripts/install-deps.sh test         run + every tool the tests, the benchmark and the
#                                        profiling script start (make test, scripts/test.sh)
#   scripts/install-deps.sh --list MODE  print MODE's packages, one a line; install nothing
#
# Each package is here because CMakeLists.txt or a script uses it (see the comments), not
# because a developer machine happens to have it. When one of them changes, update this list
# and run scripts/check-fresh-machine.sh (docs/development.md).
set -euo pipefail

list_only=0
if [ "${1:-}" = "--list" ]; then
  list_only=1
  shift
fi
mode="${1:-test}"

# make run: CMakeLists.txt with LLMGW_TESTS=OFF, built by scripts/build.sh with Ninja.
run_pkgs=(
  build-essential    # g++ (the compiler CMake finds) and make (the Makefile)
  cmake              # cmake_minimum_required(3.25); bookworm has 3.25
  ninja-build        # scripts/build.sh configures with -G Ninja
  ccache             # find_program(ccache): optional compiler launcher, makes rebuilds cheap
  libboost1.81-dev   # find_package(Boost 1.81 CONFIG): Asio and Beast, header-only
  libssl-dev         # find_package(OpenSSL)
  nlohmann-json3-dev # find_package(nlohmann_json)
  libspdlog-dev      # find_package(spdlog)
  libfmt-dev         # spdlog's find_dependency(fmt); its headers are part of spdlog's API
  libyaml-cpp-dev    # find_package(yaml-cpp)
  prometheus-cpp-dev # find_package(prometheus-cpp COMPONENTS core)
  libsqlite3-dev     # find_package(SQLite3): the embedded store in state.dir (keys, spend)
  libhiredis-dev     # find_library(hiredis): RESP reader/formatter of the Redis state backend
  ca-certificates    # at run time: TLS to hosted providers is verified against the system store
)
# make demo: scripts/demo.sh and the commands it prints.
demo_pkgs=(
  nodejs             # scripts/demo-upstream.mjs (Node >= 18, node: builtins only)
  curl               # the example requests scripts/demo.sh prints
)
# make test: scripts/test.sh, tests/run-node-tests.sh, tests/bench/run.sh, tests/bench/instructions.mjs.
test_pkgs=(
  libgtest-dev       # find_package(GTest) when LLMGW_TESTS=ON (unit tests)
  libgmock-dev       # GTest::gmock
  clang              # scripts/build.sh fuzz: -DCMAKE_CXX_COMPILER=clang++
  libclang-rt-14-dev # -fsanitize=fuzzer,address,undefined runtimes for clang 14
  # (Node.js >= 20 with npm: integration and e2e tests; checked at the end, not from Debian)
  openssl            # tests/integration/tls_reload.test.mjs makes certificates with openssl
  sqlite3            # tests/integration/governance.test.mjs reads the spend records (sqlite3 -json)
  nginx-light        # tests/bench/run.sh: the reference proxy and the static upstream
  wrk                # tests/bench/run.sh: load generator
  curl               # tests/bench/run.sh: sanity requests
  procps             # tests/bench/run.sh: pgrep (nginx workers)
  valgrind           # tests/bench/instructions.mjs: valgrind --tool=callgrind
  redis-server       # tests/unit/store/redis/: a real server on a free loopback port
)

case "$mode" in
  run) pkgs=("${run_pkgs[@]}") ;;
  demo) pkgs=("${run_pkgs[@]}" "${demo_pkgs[@]}") ;;
  test) pkgs=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: scripts/install-deps.sh [--list] run|demo|test" >&2; exit 2 ;;
esac
# One entry per package (curl is in two lists).
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | awk '!seen[$0]++')

if [ "$list_only" = 1 ]; then
  printf '%s\n' "${pkgs[@]}"
  exit 0
fi

# Node.js: the demo runs on Debian 12's Node 18 (demo_pkgs), or on any node >= 18 already there.
# The integration and e2e tests need Node >= 20 with npm (node --test, the openai SDK), which
# Debian 12 does not have: it comes from outside Debian (e.g. deb.nodesource.com, see
# docs/development.md), so for `test` it is checked at the end, not installed.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if command -v node >/dev/null && [ "$(node_major)" -ge 18 ]; then
  mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | grep -vx nodejs)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts nginx on install; the benchmark starts its own instances.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v service >/dev/null; then
    "${sudo_cmd[@]}" service nginx stop >/dev/null 2>&1 || true
  fi
fi

if [ "$mode" = test ] && { [ "$(node_major)" -lt 20 ] || ! command -v npm >/dev/null; }; then
  echo "install-deps: the integration and e2e tests need Node.js >= 20 with npm; found" \
    "node $(node --version 2>/dev/null || echo none), npm $(npm --version 2>/dev/null || echo none)." >&2
  echo "install-deps: Debian 12 ships Node 18; install Node 20 from https://deb.nodesource.com" \
    "(docs/development.md). Everything else is installed." >&2
  exit 1
fi
