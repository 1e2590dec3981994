#!/usr/bin/env bash
# Fresh-machine check: do the README's set-up commands and the Dockerfile's build stage work on
# a bare Debian 12? Runs, as root, in throw-away Debian 12 roots made with mmdebstrap from the
# Debian archive entries of this machine's apt sources (no Docker engine needed):
#
#   1. a minimal Debian 12 root (mmdebstrap --variant=minbase: what debian:bookworm has)
#   2. the new user's root: that + git, make, sudo, ca-certificates and a user "dev" with
#      passwordless sudo; the working tree's git-tracked files in /home/dev/llmgw
#   3. as dev there, the README's `make run` until GET /healthz answers 200 (from this
#      machine: the roots share its network), then SIGTERM; the unit tests must not be built
#   4. a second `make run` build step is a no-op, and every header and library the build used
#      belongs to a package scripts/install-deps.sh lists (or to the compiler toolchain)
#   5. `make demo`'s self-check (scripts/demo.sh --check: a streamed answer, /metrics, the
#      access log) on Debian's own Node 18
#   6. `scripts/install-deps.sh test` with Node 20 (copied from this machine into /usr/local,
#      standing in for the one the README assumes; Debian 12 has only Node 18), then every
#      tool the tests and benchmark start is there, CMake finds GoogleTest, clang links libFuzzer
#   7. docker/Dockerfile's build stage (its WORKDIR, COPY and RUN lines, read from the file) in
#      another fresh minimal root, the way `docker build` would run them
# and prints how long each phase took. Every phase has a time limit; mounts, processes and the
# roots are removed on exit.
#
#   sudo scripts/check-fresh-machine.sh [--head | --ref REF] [--skip-demo] [--skip-test-deps]
#        [--skip-docker] [--full-build] [--base-tar FILE] [--keep]
#
#   --head, --ref REF copy the committed HEAD (or any commit or tree, with git archive) instead
#                     of the working tree's tracked files
#   --full-build      also time `scripts/build.sh release` (the unit tests) after phase 6
#   --base-tar FILE   reuse the minimal root tarball FILE (made there if missing)
#   --keep            keep the roots (their path is printed); mounts are removed anyway
#
# Run it when CMakeLists.txt, scripts/install-deps.sh, scripts/build.sh, the Makefile,
# docker/Dockerfile or an external tool a test starts changes (docs/development.md).
# Ports 8080 and 9464 (make run, make demo) and 18080 (the demo upstream) must be free here.
set -euo pipefail
# The whole script is one { ... } block, read completely before it runs: editing this file
# while a check runs (it takes half an hour) cannot change what the running check does.
{
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
suite=bookworm
ref="" skip_demo=0 skip_test_deps=0 skip_docker=0 full_build=0 keep=0 base_tar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --head) ref=HEAD ;;
    --ref) ref="$2"; shift ;;
    --skip-demo) skip_demo=1 ;;
    --skip-test-deps) skip_test_deps=1 ;;
    --skip-docker) skip_docker=1 ;;
    --full-build) full_build=1 ;;
    --keep) keep=1 ;;
    --base-tar) base_tar="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-fresh-machine: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

start_all=$SECONDS
log() { printf '[check %s +%ds] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - start_all))" "$*"; }
die() { log "FAILED: $*"; exit 1; }

# CPU seconds (user + system) of this script's finished children, into cpu_now: on a busy
# machine the wall time of a build says little, its CPU time divided by the cores says what an
# idle machine takes. (Not in a $(...) subshell: `times` there reports the subshell's children.)
cpu_mark() {
  times >"$work/times"
  cpu_now="$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
    printf "%d\n", t }' "$work/times")"
}

[ "$(id -u)" -eq 0 ] || die "needs root (mmdebstrap, chroot, mount): sudo $0 $*"
[ -r /etc/debian_version ] || die "needs a Debian host (apt-get, mmdebstrap)"

work="$(mktemp -d /var/tmp/llmgw-fresh.XXXXXX)"
user_root="$work/new-user" docker_root="$work/docker-build" context="$work/context"
logs="$work/logs"
mkdir -p "$logs"
roots=()        # roots made so far: cleanup unmounts their /proc and ends their processes
timings=()      # "wall seconds|CPU seconds|phase" lines for the summary

# Processes whose root directory is inside one of our roots: all started by this script.
root_pids() {
  find /proc -mindepth 2 -maxdepth 2 -name root \( -lname "$1" -o -lname "$1/*" \) 2>/dev/null |
    cut -d/ -f3
}

cleanup() {
  local status=$? root pid m
  set +e
  trap '' INT TERM
  for root in "${roots[@]}"; do
    for pid in $(root_pids "$root"); do kill -TERM "$pid" 2>/dev/null; done
  done
  sleep 1
  for root in "${roots[@]}"; do
    for pid in $(root_pids "$root"); do kill -KILL "$pid" 2>/dev/null; done
    for m in "$root/dev/pts" "$root/proc"; do
      if mountpoint -q "$m"; then umount "$m" 2>/dev/null || umount -l "$m"; fi
    done
  done
  if [ "$keep" = 1 ]; then
    log "kept $work (roots: ${roots[*]:-none})"
  elif awk -v w="$work/" 'index($5 "/", w) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
    log "something is still mounted under $work: not removing it"
  else
    rm -rf --one-file-system "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# timed NAME LIMIT_S LOGFILE CMD...: runs CMD (a program or a function of this script, in a
# child bash with -e) with a time limit, output to LOGFILE.
timed() {
  local name="$1" limit="$2" file="$3" start=$SECONDS status=0 cpu
  shift 3
  cpu_mark
  cpu=$cpu_now
  log "$name ..."
  # What the phases run through the child bash needs from here.
  local f
  for f in log die as_root as_dev make_root setup_user_root audit dockerfile_build_stage \
           run_docker_build_stage; do
    if declare -F "$f" >/dev/null; then export -f "${f?}"; fi
  done
  export work repo base_tar tree_tar start_all user_root docker_root context
  timeout --kill-after=10 "$limit" bash -c 'set -euo pipefail; "$@"' _ "$@" >"$file" 2>&1 ||
    status=$?
  cpu_mark
  cpu=$((cpu_now - cpu))
  timings+=("$((SECONDS - start))|$cpu|$name")
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$file" | sed 's/^/    | /'
    [ "$status" -eq 124 ] && die "$name: no result within $limit s (log: $file)"
    die "$name: exit status $status (log: $file)"
  fi
  log "$name: ok ($((SECONDS - start)) s, CPU $cpu s)"
}
record() { timings+=("$1|${3:-}|$2"); }  # record SECONDS NAME [CPU_SECONDS]

# http_status PORT PATH: the status code of GET http://127.0.0.1:PORT/PATH, or nothing.
http_status() {
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$2" >&3
    head -n1 <&3' _ "$1" "$2" 2>/dev/null | awk '{print $2}'
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# as_root ROOT CMD...: CMD inside ROOT as its root user, with a clean environment.
as_root() {
  local root="$1"; shift
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
# as_dev ROOT SCRIPT: a bash script as the user dev, in ~/llmgw, with a login-like environment.
as_dev() {
  chroot "$1" /usr/sbin/runuser -u dev -- /usr/bin/env -i HOME=/home/dev USER=dev LOGNAME=dev \
    SHELL=/bin/bash LANG=C.UTF-8 TERM=dumb PATH=/usr/local/bin:/usr/bin:/bin \
    /bin/bash -c "cd ~/llmgw && $2"
}

# make_root DIR: a fresh copy of the minimal root, with /proc, /dev/pts, DNS and no service start-ups
# (the roots share this machine's network: a package must not start nginx here). The caller
# adds DIR to roots first, so that cleanup finds it.
make_root() {
  local root="$1"
  mkdir "$root"
  tar -xf "$base_tar" -C "$root"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\n# check-fresh-machine: services are not started in this root\nexit 101\n' \
    >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  # A machine knows its own name (sudo asks), and has pseudo-terminals (apt-get logs through one).
  printf '127.0.1.1\t%s\n' "$(hostname)" >>"$root/etc/hosts"
  mount -t proc proc "$root/proc"
  # A devpts of its own (not this machine's /dev/pts), so that nothing propagates back here.
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
  rm -f "$root/dev/ptmx" && ln -s pts/ptmx "$root/dev/ptmx"
}

# The source tree: git-tracked files of the working tree (or HEAD), no build directories.
tree_tar="$work/tree.tar"
if [ -n "$ref" ]; then
  git -C "$repo" archive --format=tar "$ref" >"$tree_tar"
  source_desc="$ref ($(git -C "$repo" rev-parse --short "$ref"))"
else
  (cd "$repo" && git ls-files -z --cached | sort -zu |
    while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf "$tree_tar")
  source_desc="working tree of $(git -C "$repo" rev-parse --short HEAD)"
  git -C "$repo" diff --quiet HEAD -- 2>/dev/null || source_desc+=" with uncommitted changes"
fi
log "source: $source_desc, $(tar -tf "$tree_tar" | grep -vc '/$') files"

for port in 8080 9464 18080; do
  port_in_use "$port" && die "127.0.0.1:$port is in use on this machine; the roots share its network"
done

# ---- 1. minimal Debian 12 root -----------------------------------------------------------------

if ! command -v mmdebstrap >/dev/null; then
  timed "install mmdebstrap on this machine" 600 "$logs/mmdebstrap-install.log" \
    bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap'
fi
# The Debian archive entries of this machine's apt sources (deb822 or one-line files).
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -s "$f" ] && grep -qE '^[^#]*debian\.org' "$f" && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || die "no Debian archive in /etc/apt/sources.list*"
if [ -n "$base_tar" ] && [ -s "$base_tar" ]; then
  log "minimal root: reusing $base_tar"
else
  [ -n "$base_tar" ] || base_tar="$work/base.tar"
  timed "minimal Debian 12 root (mmdebstrap minbase, from ${sources[*]})" 1500 "$logs/mmdebstrap.log" \
    mmdebstrap --mode=root --variant=minbase --format=tar "$suite" "$base_tar" "${sources[@]}"
fi

# ---- 2. the new user's root ---------------------------------------------------------------------

setup_user_root() {
  make_root "$user_root"
  as_root "$user_root" bash -c 'apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      git make sudo ca-certificates >/dev/null &&
    useradd --create-home --shell /bin/bash dev &&
    echo "dev ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/dev && chmod 440 /etc/sudoers.d/dev'
  mkdir "$user_root/home/dev/llmgw"
  tar -xf "$tree_tar" -C "$user_root/home/dev/llmgw"
  as_root "$user_root" chown -R dev:dev /home/dev/llmgw
}
roots+=("$user_root")
timed "new user's root (+ git make sudo ca-certificates, user dev)" 900 "$logs/user-root.log" \
  setup_user_root
log "new user's root has $(as_root "$user_root" dpkg-query -W -f='.\n' | wc -l) packages," \
  "g++: $(as_root "$user_root" sh -c 'command -v g++ || echo none')," \
  "node: $(as_root "$user_root" sh -c 'command -v node || echo none')"

# ---- 3. make run until /healthz -----------------------------------------------------------------

run_log="$logs/make-run.log"
log "make run (as dev, output with seconds since start in $run_log) ..."
cpu_mark
run_cpu_before=$cpu_now
run_start=$SECONDS
# setsid: the whole `make run` (make, the build, llmgw) is one process group to stop at the end.
setsid chroot "$user_root" /usr/sbin/runuser -u dev -- /usr/bin/env -i HOME=/home/dev USER=dev \
  LOGNAME=dev SHELL=/bin/bash LANG=C.UTF-8 TERM=dumb PATH=/usr/local/bin:/usr/bin:/bin \
  /bin/bash -c 'cd ~/llmgw && start=$SECONDS && make run 2>&1 |
    while IFS= read -r line; do printf "[%4ds] %s\n" $((SECONDS - start)) "$line"; done' \
  >"$run_log" 2>&1 </dev/null &
run_pid=$!
deadline=$((SECONDS + 3600))
healthy_at=""
until [ -n "$healthy_at" ]; do
  if ! kill -0 "$run_pid" 2>/dev/null; then
    tail -n 40 "$run_log" | sed 's/^/    | /'
    die "make run exited before /healthz answered (log: $run_log)"
  fi
  [ "$SECONDS" -lt "$deadline" ] || die "make run: no /healthz within 3600 s (log: $run_log)"
  if [ "$(http_status 8080 /healthz)" = 200 ]; then healthy_at=$SECONDS; else sleep 1; fi
done
metrics_status="$(http_status 9464 /metrics)"
# Phases of `make run` from its own output: packages until the build note, then the build.
note_s="$(sed -n 's/^\[ *\([0-9]*\)s\] building llmgw (first build.*/\1/p' "$run_log" | head -n1)"
listen_s="$(sed -n 's/^\[ *\([0-9]*\)s\] .*listening.*/\1/p' "$run_log" | head -n1)"
log "make run: GET /healthz 200 after $((healthy_at - run_start)) s; GET :9464/metrics $metrics_status"
[ -n "$note_s" ] || die "make run printed no 'building llmgw (first build: ...)' note"
[ -n "$listen_s" ] || die "make run printed no listening line"
record "$note_s" "make run: packages (scripts/install-deps.sh run)"
record "$((listen_s - note_s))" "make run: build llmgw (first build, 2 jobs) and start"
record "$((healthy_at - run_start - listen_s))" "make run: listening until GET /healthz 200"
log "make run printed:"
grep -E 'install-deps|building llmgw|listening|started|warn' "$run_log" | sed 's/^/    | /'
# SIGTERM to the gateway alone, as an operator would send it: it drains and exits, then make
# and the shell above it end on their own and reap everything (so its CPU time is counted).
llmgw_pid=""
for pid in $(root_pids "$user_root"); do
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = llmgw ]; then llmgw_pid=$pid; break; fi
done
[ -n "$llmgw_pid" ] || die "no llmgw process in the new user's root"
kill -TERM "$llmgw_pid"
for _ in $(seq 1 30); do kill -0 "$run_pid" 2>/dev/null || break; sleep 1; done
kill -0 "$run_pid" 2>/dev/null && { kill -KILL -- "-$run_pid" 2>/dev/null; die "make run did not end after SIGTERM to llmgw"; }
wait "$run_pid" 2>/dev/null || true
cpu_mark
run_cpu=$((cpu_now - run_cpu_before))
[ "$metrics_status" = 200 ] || die "GET :9464/metrics answered '$metrics_status'"
log "make run ended after SIGTERM to llmgw; it used $run_cpu s of CPU (packages, build, gateway):" \
  "~$(((run_cpu + 119) / 120)) minutes of 2 idle cores"
record "$((SECONDS - run_start))" "make run: all of it, until stopped" "$run_cpu"

build_dir="$user_root/home/dev/llmgw/build"
[ -x "$build_dir/llmgw" ] || die "no build/llmgw"
[ ! -e "$build_dir/llmgw_unit_tests" ] || die "make run built the unit tests"
grep -q llmgw_unit_tests "$build_dir/.ninja_log" && die "make run compiled unit-test sources"
steps="$(grep -vc '^#' "$build_dir/.ninja_log")"
log "make run built $steps steps, none of them a unit test"

# ---- 4. no-op rebuild, and who owns what the build used ---------------------------------------

timed "second build of llmgw is a no-op" 300 "$logs/rebuild.log" \
  as_dev "$user_root" 'scripts/build.sh release llmgw'
grep -q 'no work to do' "$logs/rebuild.log" || { cat "$logs/rebuild.log"; die "the second build did some work"; }

audit() {
  cat >"$user_root/tmp/audit.sh" <<'AUDIT'
set -euo pipefail
cd /home/dev/llmgw/build
# Headers (the compiler's dependency records that Ninja keeps) and libraries (the link line).
# A library is looked up by its unversioned .so, the -dev package's link-time name.
{ ninja -t deps | sed -n 's|^    \(/.*\)|\1|p'
  for word in $(ninja -t commands llmgw | tail -n1); do
    case "$word" in
      /home/*) ;;
      /*.so | /*.so.* | /*.a) sed 's/\.so\..*$/.so/' <<<"$word" ;;
      -l*) g++ -print-file-name="lib${word#-l}.so" ;;
    esac
  done; } | grep -v '^/home/dev/llmgw/' | sort -u >/tmp/used-files
# dpkg knows a file by its packaged path (/usr/lib/..., not /lib/...): ask for both spellings.
while read -r f; do printf '%s\t%s\n' "$f" "$(realpath -e "$f" 2>/dev/null || echo "$f")"; done \
  </tmp/used-files >/tmp/used-pairs
tr '\t' '\n' </tmp/used-pairs | sort -u | xargs dpkg -S 2>/dev/null | grep -v '^diversion' \
  >/tmp/dpkg-S || true
awk -F': ' 'NR == FNR { gsub(/:amd64/, "", $1); owner[$2] = $1; next }
  { o = ($1 in owner) ? owner[$1] : (($2 in owner) ? owner[$2] : "-"); print o "\t" $1 }' \
  /tmp/dpkg-S FS='\t' /tmp/used-pairs >/tmp/used-owners
listed="$(/home/dev/llmgw/scripts/install-deps.sh --list run)"
toolchain="$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances build-essential | grep -E '^[a-z0-9]' | sort -u)"
echo "$(wc -l </tmp/used-files) files outside the tree: $(grep -c '^/usr/include/' /tmp/used-files) under /usr/include, $(grep -c '\.so$\|\.a$' /tmp/used-files) libraries"
status=0
for p in $(cut -f1 /tmp/used-owners | tr ',' '\n' | tr -d ' ' | grep -vx -- - | sort -u); do
  n="$(grep -c "^\(.*, \)\?$p\(,.*\)\?	" /tmp/used-owners || true)"
  example="$(grep -m1 "^\(.*, \)\?$p\(,.*\)\?	" /tmp/used-owners | cut -f2)"
  if grep -qx -- "$p" <<<"$listed"; then class="listed in scripts/install-deps.sh run"
  elif grep -qx -- "$p" <<<"$toolchain"; then class="compiler toolchain (build-essential)"
  else class="NOT LISTED in scripts/install-deps.sh"; status=1
  fi
  printf '  %-22s %5d files  %s  (e.g. %s)\n' "$p" "$n" "$class" "$example"
done
if grep -q '^-	' /tmp/used-owners; then
  echo "files that no package owns:"; grep '^-	' /tmp/used-owners | cut -f2; status=1
fi
exit "$status"
AUDIT
  as_root "$user_root" bash /tmp/audit.sh
}
timed "every header and library the build used belongs to a listed package (dpkg -S)" 300 \
  "$logs/audit.log" audit
sed 's/^/    | /' "$logs/audit.log"

# ---- 5. make demo ------------------------------------------------------------------------------

if [ "$skip_demo" = 0 ]; then
  timed "make demo self-check (scripts/demo.sh --check, Debian's Node)" 900 "$logs/demo.log" \
    as_dev "$user_root" 'scripts/demo.sh --check'
  sed 's/^/    | /' "$logs/demo.log" | grep -vE '^    \| +$' | tail -n 30
fi

# ---- 6. the test and benchmark tools -------------------------------------------------------------

if [ "$skip_test_deps" = 0 ]; then
  host_node="$(command -v node || true)"
  host_node_major="$([ -n "$host_node" ] && node -p 'process.versions.node.split(".")[0]' || echo 0)"
  if [ "$host_node_major" -ge 20 ] && [ -d "$(dirname "$(readlink -f "$host_node")")/../lib/node_modules/npm" ]; then
    # Node 20 the way its release tarball installs it: /usr/local/bin/node, .../lib/node_modules/npm.
    node_prefix="$(cd "$(dirname "$(readlink -f "$host_node")")/.." && pwd)"
    mkdir -p "$user_root/usr/local/bin" "$user_root/usr/local/lib/node_modules"
    cp "$node_prefix/bin/node" "$user_root/usr/local/bin/node"
    cp -a "$node_prefix/lib/node_modules/npm" "$user_root/usr/local/lib/node_modules/"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$user_root/usr/local/bin/npm"
    log "node $(node --version) copied into the new user's /usr/local (the README assumes Node 20)"
  else
    log "this machine has no Node >= 20 to copy: install-deps.sh test must then stop on Node"
  fi
  timed "scripts/install-deps.sh test" 1800 "$logs/install-deps-test.log" \
    as_dev "$user_root" 'scripts/install-deps.sh test'
  # shellcheck disable=SC2016
  timed "every tool the tests start is there; CMake finds GoogleTest; clang links libFuzzer" 600 \
    "$logs/test-tools.log" as_dev "$user_root" '
    set -e
    for tool in cmake ninja ccache g++ clang++ node npm openssl wrk curl pgrep valgrind; do
      printf "%-9s %s\n" "$tool" "$(command -v "$tool" || echo MISSING)"
      command -v "$tool" >/dev/null
    done
    # nginx is in /usr/sbin, which is not on the PATH of a normal user on Debian.
    printf "%-9s %s\n" nginx "$(command -v nginx || echo "/usr/sbin/nginx, NOT ON THE PATH of user dev")"
    /usr/sbin/nginx -v 2>&1; node --version; valgrind --version; openssl version
    cmake -S . -B /tmp/cfg-tests -G Ninja -DLLMGW_TESTS=ON | grep -i -e gtest -e "build files"
    cmake -S . -B /tmp/cfg-fuzz -G Ninja -DLLMGW_FUZZ=ON -DLLMGW_TESTS=OFF -DCMAKE_CXX_COMPILER=clang++ |
      grep -i "build files"
    printf "%s\n" "extern \"C\" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }" |
      clang++ -x c++ -fsanitize=fuzzer,address,undefined - -o /tmp/fuzz-probe
    /tmp/fuzz-probe -runs=100 2>&1 | tail -n1'
  sed 's/^/    | /' "$logs/test-tools.log"
  if [ "$full_build" = 1 ]; then
    timed "scripts/build.sh release: the unit tests, on top of make run's build" 5400 \
      "$logs/full-build.log" as_dev "$user_root" 'scripts/build.sh release'
    head -n1 "$logs/full-build.log" | sed 's/^/    | /'
    recompiled="$(grep -c 'Building CXX object CMakeFiles/llmgw\(_core\|_asio\)\?\.dir/' "$logs/full-build.log" || true)"
    log "gateway objects recompiled when the unit tests were configured in: $recompiled"
    timed "the shipped configs load (config/examples/demo.yaml too): ShippedConfigsTest" 300 \
      "$logs/shipped-configs.log" as_dev "$user_root" \
      'build/llmgw_unit_tests --gtest_filter="ShippedConfigsTest.*" --gtest_brief=1'
    tail -n 3 "$logs/shipped-configs.log" | sed 's/^/    | /'
  fi
fi

# ---- 7. docker/Dockerfile's build stage ---------------------------------------------------------

# The build stage's instructions, one a line (continuations joined, comments dropped).
dockerfile_build_stage() {
  awk '
    /^[[:space:]]*#/ { next }
    { line = line $0 }
    /\\$/ { sub(/\\$/, "", line); next }
    { if (line ~ /[^[:space:]]/) print line; line = "" }' "$repo/docker/Dockerfile" |
    awk 'toupper($1) == "FROM" { in_build = (tolower($NF) == "build" && toupper($(NF-1)) == "AS"); next }
         in_build'
}

run_docker_build_stage() {
  local root="$docker_root" workdir=/ line instruction args
  local -a env_args=()
  while IFS= read -r line; do
    instruction="$(awk '{print toupper($1)}' <<<"$line")"
    args="$(sed 's/^[[:space:]]*[A-Za-z]*[[:space:]]*//' <<<"$line")"
    echo "### $instruction $args"
    case "$instruction" in
      ARG) ;;  # only used in FROM lines here
      ENV) env_args+=("${args%%[ =]*}=$(sed 's/^[^ =]*[ =]//' <<<"$args")") ;;
      WORKDIR) workdir="$args"; mkdir -p "$root$workdir" ;;
      COPY)
        [[ "$args" != --* ]] || { echo "unsupported: COPY $args"; return 1; }
        local -a parts
        read -r -a parts <<<"$args"
        local dest="${parts[-1]}" src
        [[ "$dest" = /* ]] || dest="$workdir/$dest"
        for src in "${parts[@]:0:${#parts[@]}-1}"; do
          if [ -d "$context/$src" ]; then
            mkdir -p "$root$dest" && cp -a "$context/$src/." "$root$dest/"
          elif [[ "$dest" = */ ]] || [ "${#parts[@]}" -gt 2 ]; then
            mkdir -p "$root$dest" && cp -a "$context/$src" "$root$dest/"
          else
            mkdir -p "$(dirname "$root$dest")" && cp -a "$context/$src" "$root$dest"
          fi
        done ;;
      RUN)
        [[ "$args" != --* ]] || { echo "unsupported: RUN $args"; return 1; }
        chroot "$root" /usr/bin/env -i HOME=/root \
          PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${env_args[@]}" \
          /bin/sh -c "cd '$workdir' && $args" || return 1 ;;
      *) echo "check-fresh-machine does not know how to run $instruction"; return 1 ;;
    esac
  done < <(dockerfile_build_stage)
}

if [ "$skip_docker" = 0 ]; then
  mkdir "$context"
  tar -xf "$tree_tar" -C "$context"
  roots+=("$docker_root")
  timed "Dockerfile build stage: fresh minimal root" 600 "$logs/docker-root.log" make_root "$docker_root"
  timed "Dockerfile build stage: its RUN lines (apt-get install, cmake Release build of llmgw)" 5400 \
    "$logs/docker-build.log" run_docker_build_stage
  warnings="$(grep -c 'warning:' "$logs/docker-build.log" || true)"
  grep '^###' "$logs/docker-build.log" | sed 's/^/    | /'
  tail -n 3 "$logs/docker-build.log" | sed 's/^/    | /'
  log "Dockerfile build stage: $warnings compiler warnings"
  [ "$warnings" = 0 ] || { grep -A3 'warning:' "$logs/docker-build.log" | head -n 40; die "the Release build warns"; }
fi

# ---- summary ------------------------------------------------------------------------------------

echo
echo "check-fresh-machine: PASSED ($source_desc; $(nproc) cores; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %6s  %6s  %s\n' "wall s" "CPU s" "phase"
for t in "${timings[@]}"; do
  IFS='|' read -r wall cpu name <<<"$t"
  printf '  %6s  %6s  %s\n' "$wall" "$cpu" "$name"
done
printf '  %6s  %6s  %s\n' "$((SECONDS - start_all))" "" "total"
exit
}
