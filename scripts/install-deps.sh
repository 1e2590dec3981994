#!/usr/bin/env bash
# Installs the Debian 12 packages llmgw needs to build, test and benchmark; only the
# missing ones, so a second run is instant. Usage: scripts/install-deps.sh [run|test]
set -euo pipefail

mode="${1:-test}"
build_pkgs=(build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libyaml-cpp-dev
  prometheus-cpp-dev libssl-dev ca-certificates)
test_pkgs=(libgtest-dev libgmock-dev clang libclang-rt-14-dev nodejs npm
  redis-server nginx-light wrk curl openssl)

pkgs=("${build_pkgs[@]}")
[ "$mode" = "test" ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js may come from elsewhere than Debian (e.g. nodesource); accept any node>=18 with npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts these services on install; the tests start their own instances.
for svc in nginx redis-server; do
  if command -v service >/dev/null; then "${sudo_cmd[@]}" service "$svc" stop >/dev/null 2>&1 || true; fi
done
