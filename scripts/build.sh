#!/usr/bin/env bash
# Configures and builds one flavour of llmgw.
#
#   scripts/build.sh [release|asan|tsan|fuzz] [TARGET...]
#
# Without TARGET everything of the flavour is built (the gateway and the unit tests). With
# `llmgw` alone only the gateway is built and the unit tests are configured out, so the build
# needs neither GoogleTest nor the time to compile them (make run). The fuzz flavour builds the
# libFuzzer targets only: they link their own instrumented copy of the parsers, so compiling
# the gateway with clang as well would only cost CI time.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour="${1:-release}"
[ $# -gt 0 ] && shift
targets=("$@")
if [ "$flavour" = fuzz ] && [ ${#targets[@]} -eq 0 ]; then
  for src in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}" CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
jobs="${LLMGW_BUILD_JOBS:-$(nproc)}"
case "$flavour" in
  release) dir=build; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; args=(-DCMAKE_BUILD_TYPE=Debug -DLLMGW_SANITIZE=ON) ;;
  tsan) dir=build-tsan; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DLLMGW_TSAN=ON) ;;
  fuzz) dir=build-fuzz; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DLLMGW_FUZZ=ON -DLLMGW_TESTS=OFF
          -DCMAKE_CXX_COMPILER=clang++) ;;
  *) echo "unknown flavour $flavour" >&2; exit 2 ;;
esac
if [ "$flavour" != fuzz ]; then
  if [ "${targets[*]}" = llmgw ]; then args+=(-DLLMGW_TESTS=OFF); else args+=(-DLLMGW_TESTS=ON); fi
fi

# A first build takes minutes: say so, so that a quiet terminal does not look stuck.
# (Measured on 2 cores by scripts/check-fresh-machine.sh: docs/development.md.)
if [ "${targets[*]}" = llmgw ] && [ ! -e "$dir/llmgw" ]; then
  echo "building llmgw (first build: ~10 minutes on 2 cores)"
elif [ ${#targets[@]} -eq 0 ] && [ "$flavour" != fuzz ] && [ ! -e "$dir/llmgw_unit_tests" ]; then
  echo "building llmgw and its unit tests in $dir (first build: ~20 minutes on 2 cores)"
fi

cmake -S . -B "$dir" -G Ninja -DLLMGW_WERROR=ON "${args[@]}" >/dev/null
target_args=()
for t in "${targets[@]}"; do target_args+=(--target "$t"); done
cmake --build "$dir" -j "$jobs" "${target_args[@]}"
