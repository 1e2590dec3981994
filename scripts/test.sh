#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then
#   1. release build of the gateway: integration and e2e tests (real binary, Node SDKs)
#   2. ASan+UBSan build: unit tests (one gtest shard per core), the same integration and e2e tests
#   3. ThreadSanitizer build of the code that crosses threads: its tests (llmgw_tsan_tests)
#   4. libFuzzer build: a short smoke run of every fuzz target
# The unit tests run once, under ASan+UBSan, which checks everything a release run would and
# more; compiling them a second time at -O2 was over a third of CI's time (docs/development.md).
# Set LLMGW_SKIP_SANITIZERS=1 (then the unit tests run on the release build instead) or
# LLMGW_SKIP_FUZZ=1 for a quicker local loop.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

scripts/install-deps.sh test || { echo "dependency installation failed" >&2; exit 1; }

passed=0
failed=0
failures=()
step() {
  local name="$1"; shift
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "--- ok: $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "--- FAILED: $name ($((SECONDS - start)) s)"
  fi
}

# The unit-test binary in one process per core (gtest sharding), not one process per test
# (ctest): under ASan each process costs ~1.5 s of start-up and LeakSanitizer's exit scan,
# over 15 minutes for 1,200 tests on 2 cores. Each shard prints its failures and summary.
unit_tests() {
  local bin="$1/llmgw_unit_tests" shards ok=0 i
  shards=$(nproc)
  local logs=() pids=()
  for ((i = 0; i < shards; i++)); do
    logs+=("$(mktemp)")
    GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$i \
      timeout --kill-after=10 1200 "$bin" --gtest_brief=1 >"${logs[$i]}" 2>&1 &
    pids+=("$!")
  done
  for ((i = 0; i < shards; i++)); do
    wait "${pids[$i]}" || ok=1
    echo "--- shard $((i + 1))/$shards"
    tail -n 200 "${logs[$i]}"
    rm -f "${logs[$i]}"
  done
  return $ok
}
node_tests() { LLMGW_BIN="$root/$1/llmgw" tests/run-node-tests.sh; }

# One fuzz target for `seconds` on a copy of its seed corpus; prints its log on failure.
fuzz_one() {
  local target="$1" seconds="$2"
  local name; name=$(basename "$target" _fuzz)
  local corpus="tests/fuzz/corpus/$name"
  local work; work=$(mktemp -d)
  [ -d "$corpus" ] && cp -r "$corpus/." "$work/"
  echo "fuzz: $name for ${seconds}s"
  local ok=0
  if ! "$target" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=0 \
      -artifact_prefix="$work/" "$work" >"$work.log" 2>&1; then
    echo "fuzz: $name FAILED"; tail -n 40 "$work.log"; ok=1
  fi
  rm -rf "$work" "$work.log"
  return $ok
}

# Every target, one per core at a time: each fuzzer is single-threaded.
fuzz_smoke() {
  local seconds="${LLMGW_FUZZ_SECONDS:-20}" jobs ok=0 pids=()
  jobs=$(nproc)
  for target in build-fuzz/*_fuzz; do
    fuzz_one "$target" "$seconds" &
    pids+=("$!")
    if [ "${#pids[@]}" -ge "$jobs" ]; then
      wait "${pids[0]}" || ok=1
      pids=("${pids[@]:1}")
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || ok=1; done
  return $ok
}

if [ "${LLMGW_SKIP_SANITIZERS:-0}" != 1 ]; then
  step "build (release, gateway)" scripts/build.sh release llmgw
  step "integration + e2e tests (release)" node_tests build
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  step "build (asan+ubsan)" scripts/build.sh asan
  step "unit tests (asan+ubsan)" unit_tests build-asan
  step "integration + e2e tests (asan+ubsan)" node_tests build-asan
  unset ASAN_OPTIONS UBSAN_OPTIONS
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
  step "build (tsan, threaded code)" scripts/build.sh tsan llmgw_tsan_tests
  step "thread tests (tsan)" build-tsan/llmgw_tsan_tests --gtest_brief=1
  unset TSAN_OPTIONS
else
  step "build (release)" scripts/build.sh release
  step "unit tests (release)" unit_tests build
  step "integration + e2e tests (release)" node_tests build
fi
if [ "${LLMGW_SKIP_FUZZ:-0}" != 1 ]; then
  step "build (fuzz)" scripts/build.sh fuzz
  step "fuzz smoke" fuzz_smoke
fi

echo
for f in "${failures[@]}"; do echo "failed step: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
