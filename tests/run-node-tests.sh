#!/usr/bin/env bash
# Runs the Node integration and end-to-end suites against a built llmgw binary.
#
#   LLMGW_BIN=/path/to/llmgw tests/run-node-tests.sh [extra node --test args]
#
# LLMGW_BIN defaults to build/llmgw at the repository root. npm dependencies are installed
# from the committed lockfile only when node_modules is missing or older than the lockfile.
set -euo pipefail

tests_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$tests_dir")"
bin="${LLMGW_BIN:-$repo_dir/build/llmgw}"
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
export LLMGW_BIN="$bin"

if ! command -v node >/dev/null; then
  echo "run-node-tests: node is not installed (Debian: apt-get install nodejs npm)" >&2
  exit 2
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "run-node-tests: Node >= 20 required, found $(node --version)" >&2
  exit 2
fi
if [ ! -x "$LLMGW_BIN" ]; then
  echo "run-node-tests: no executable llmgw at $LLMGW_BIN (build it first or set LLMGW_BIN)" >&2
  exit 2
fi

cd "$tests_dir"
stamp="node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "run-node-tests: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Each gateway-backed suite starts its own llmgw; run files one at a time so timing-sensitive
# assertions (cancel within 100 ms, 504 after 300 ms) are not measured on a machine that is
# busy with another suite. Node 20 expands directory arguments to the test files inside them.
echo "run-node-tests: $(node --version), llmgw at $LLMGW_BIN"
log="$(mktemp -t llmgw-node-tests.XXXXXX)"
trap 'rm -f "$log"' EXIT
set +e
# Bounded: 180 s per test at most (suites set tighter limits), 20 min for the whole run.
# (No --test-force-exit: on Node 20 it makes a test file's process stop reporting after a failure.)
timeout --kill-after=10 1200 node --test --test-concurrency=1 --test-timeout=180000 \
  --test-reporter=spec "$@" integration/ e2e/ 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

pass="$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$log" | tail -n1)"
fail="$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$log" | tail -n1)"
skipped="$(sed -n 's/^ℹ skipped \([0-9]*\)$/\1/p' "$log" | tail -n1)"
cancelled="$(sed -n 's/^ℹ cancelled \([0-9]*\)$/\1/p' "$log" | tail -n1)"
echo
echo "node-tests: ${pass:-0} passed, ${fail:-0} failed, ${skipped:-0} skipped"
echo "node-tests: ${cancelled:-0} cancelled, runner exit status $status"
if [ "$status" -ne 0 ] || [ "${fail:-0}" != 0 ] || [ "${cancelled:-0}" != 0 ] || [ "${pass:-0}" = 0 ]; then
  echo "node-tests: FAILED" >&2
  exit 1
fi
echo "node-tests: OK"
