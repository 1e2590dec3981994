#!/usr/bin/env bash
# Configures and builds one flavour of llmgw. Usage: scripts/build.sh [release|asan|tsan|fuzz]
set -euo pipefail
cd "$(dirname "$0")/.."
flavour="${1:-release}"
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
cmake -S . -B "$dir" -G Ninja -DLLMGW_WERROR=ON "${args[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"
