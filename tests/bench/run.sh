#!/usr/bin/env bash
# llmgw benchmark: llmgw vs nginx proxy_pass vs a direct upstream call, all on loopback.
#
#   LLMGW_BIN=build/llmgw tests/bench/run.sh            # prints a markdown table
#
# Needs: nginx, wrk, node >= 20, curl (Debian: apt-get install nginx wrk nodejs curl).
# Builds nothing. Every process it starts is stopped on exit (trap), every run is time-bounded.
# Knobs (environment): BENCH_DURATION (s per wrk run, 10), BENCH_WARMUP (s, 2),
# BENCH_CONNECTIONS (64), BENCH_WRK_THREADS (2), BENCH_WORKERS (nginx worker_processes and
# llmgw server.workers, 1), BENCH_BUSY_POLL_US (llmgw server.busy_poll_us, 0),
# BENCH_STREAMS (2000), BENCH_STREAM_EVENTS (20), BENCH_STREAM_INTERVAL_MS (500),
# BENCH_ACCESS_LOG (1: both proxies write an access log file), BENCH_OUT (also write the table to this file), BENCH_KEEP_TMP (1: keep logs and configs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
LLMGW_BIN="${LLMGW_BIN:-$repo/build/llmgw}"
case "$LLMGW_BIN" in /*) ;; *) LLMGW_BIN="$(pwd)/$LLMGW_BIN" ;; esac
DURATION="${BENCH_DURATION:-10}"
WARMUP="${BENCH_WARMUP:-2}"
CONNS="${BENCH_CONNECTIONS:-64}"
WRK_THREADS="${BENCH_WRK_THREADS:-2}"
WORKERS="${BENCH_WORKERS:-1}"
BUSY_POLL_US="${BENCH_BUSY_POLL_US:-0}"
STREAMS="${BENCH_STREAMS:-2000}"
STREAM_EVENTS="${BENCH_STREAM_EVENTS:-20}"
STREAM_INTERVAL_MS="${BENCH_STREAM_INTERVAL_MS:-500}"
ACCESS_LOG="${BENCH_ACCESS_LOG:-1}"
SLOW_MODEL="scenario-slow-stream-${STREAM_INTERVAL_MS}-${STREAM_EVENTS}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in nginx wrk node curl; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install nginx wrk nodejs curl)"
done
[ -x "$LLMGW_BIN" ] || die "no executable llmgw at $LLMGW_BIN (set LLMGW_BIN)"
NGINX="$(command -v nginx)"

# 2,000 client sockets + 2,000 upstream sockets per proxy, plus slack.
ulimit -n "$(ulimit -Hn)" || true
need_fds=$((STREAMS * 2 + 1024))
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge "$need_fds" ] ||
  die "open-file limit $(ulimit -n) < $need_fds; raise the hard limit (ulimit -Hn)"

# Numbers from a machine that is busy with something else mean little: say so in the report.
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="${load_start%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  log "warning: load average is $load_start on $(nproc) cores; results will be noisy"
fi

tmp="$(mktemp -d /tmp/llmgw-bench.XXXXXX)"
# shellcheck disable=SC2034  # TMP, ACCESS_LOG_ON, ...: read by render() through ${!name}
TMP="$tmp"
started_pids=()
cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${started_pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${started_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [ "${BENCH_KEEP_TMP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- helpers ---------------------------------------------------------------------------

free_ports() {  # prints N distinct free loopback ports
  node -e '
    const net = require("node:net");
    const n = Number(process.argv[1]); const servers = [];
    (async () => {
      for (let i = 0; i < n; i++) {
        const s = net.createServer(); await new Promise((r) => s.listen(0, "127.0.0.1", r)); servers.push(s);
      }
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    })();' "$1"
}

wait_port() {  # wait_port PORT SECONDS
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || die "nothing listening on 127.0.0.1:$1 after $2 s"
    sleep 0.05
  done
}

render() {  # render TEMPLATE OUT: replaces @NAME@ with the value of $NAME
  local text
  text="$(cat "$1")"
  for name in TMP UPSTREAM_PORT STREAM_UPSTREAM_PORT PROXY_PORT PROXY_STREAM_PORT WORKERS \
              BUSY_POLL_US ACCESS_LOG_NGINX ACCESS_LOG_ON SLOW_MODEL; do
    text="${text//@${name}@/${!name:-}}"
  done
  text="${text//@ACCESS_LOG@/$ACCESS_LOG_NGINX}"
  text="${text//@LLMGW_PORT@/0}"
  printf '%s\n' "$text" >"$2"
}

pids_of_tree() {  # a process and its direct children (nginx master + workers)
  local children
  children="$(pgrep -P "$1" | tr '\n' ' ' || true)"
  echo "$1 $children"
}

cpu_ticks() {  # sum of utime+stime (clock ticks) over the given pids
  local total=0 pid stat
  for pid in "$@"; do
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
    stat="${stat##*) }"  # drop "pid (comm) "; fields now start at state (field 3)
    # shellcheck disable=SC2086
    set -- $stat
    total=$((total + ${12} + ${13}))  # fields 14 and 15: utime, stime
  done
  echo "$total"
}

rss_kb() {  # sum of VmRSS over the given pids
  local total=0 pid v
  for pid in "$@"; do
    v="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

results="$tmp/results.jsonl"
: >"$results"
record() { printf '%s\n' "$1" >>"$results"; }

run_wrk() {  # run_wrk TARGET MODE CONNECTIONS THREADS URL PIDS...
  local target=$1 mode=$2 conns=$3 threads=$4 url=$5
  shift 5
  local before after out line
  wrk -t"$threads" -c"$conns" -d"${WARMUP}s" --timeout 5s -s "$here/post.lua" "$url" >/dev/null 2>&1 ||
    die "wrk warm-up failed for $target"
  before="$(cpu_ticks "$@")"
  out="$(timeout $((DURATION + 30)) wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 5s \
    -s "$here/post.lua" "$url" 2>&1)" || die "wrk failed for $target: $out"
  after="$(cpu_ticks "$@")"
  line="$(grep '^BENCH ' <<<"$out")" || die "no BENCH line from wrk for $target: $out"
  log "$target $mode: ${line#BENCH }"
  local json="{\"kind\":\"wrk\",\"target\":\"$target\",\"mode\":\"$mode\",\"connections\":$conns"
  json+=",\"cpu_ticks\":$((after - before)),\"clk_tck\":$(getconf CLK_TCK)"
  local kv
  for kv in ${line#BENCH }; do json+=",\"${kv%%=*}\":${kv#*=}"; done
  record "$json}"
}

# ---- start everything ------------------------------------------------------------------

read -r UPSTREAM_PORT PROXY_PORT PROXY_STREAM_PORT <<<"$(free_ports 3)"
if [ "$ACCESS_LOG" = 1 ]; then
  ACCESS_LOG_NGINX="$tmp/nginx-access.log"
  # shellcheck disable=SC2034  # read by render()
  ACCESS_LOG_ON=true
else
  ACCESS_LOG_NGINX=off
  # shellcheck disable=SC2034  # read by render()
  ACCESS_LOG_ON=false
fi
BENCH_PROVIDER_KEY="sk-bench-provider-$RANDOM$RANDOM"
BENCH_CLIENT_KEY="llmgw-bench-client-$RANDOM$RANDOM"
export BENCH_PROVIDER_KEY BENCH_CLIENT_KEY

log "node fake upstream (slow streams)"
node "$here/fake_upstream.mjs" >"$tmp/fake.out" 2>"$tmp/fake.err" &
started_pids+=($!)
for _ in $(seq 1 100); do grep -q '"port"' "$tmp/fake.out" 2>/dev/null && break; sleep 0.05; done
STREAM_UPSTREAM_PORT="$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$tmp/fake.out")"
[ -n "$STREAM_UPSTREAM_PORT" ] || die "fake upstream did not start: $(cat "$tmp/fake.err")"

log "nginx upstream on :$UPSTREAM_PORT, nginx proxy on :$PROXY_PORT/:$PROXY_STREAM_PORT (workers=$WORKERS)"
render "$here/nginx-upstream.conf.in" "$tmp/nginx-upstream.conf"
render "$here/nginx-proxy.conf.in" "$tmp/nginx-proxy.conf"
mkdir -p "$tmp/prefix"
"$NGINX" -p "$tmp/prefix" -e "$tmp/nginx-upstream-error.log" -c "$tmp/nginx-upstream.conf" -g 'daemon off;' &
started_pids+=($!)
upstream_pid=$!
"$NGINX" -p "$tmp/prefix" -e "$tmp/nginx-proxy-error.log" -c "$tmp/nginx-proxy.conf" -g 'daemon off;' &
started_pids+=($!)
nginx_pid=$!
wait_port "$UPSTREAM_PORT" 10
wait_port "$PROXY_PORT" 10

log "llmgw ($LLMGW_BIN, workers=$WORKERS, busy_poll_us=$BUSY_POLL_US)"
render "$here/llmgw-bench.yaml.in" "$tmp/llmgw.yaml"
"$LLMGW_BIN" --config "$tmp/llmgw.yaml" >"$tmp/llmgw.out" 2>"$tmp/llmgw.err" &
started_pids+=($!)
llmgw_pid=$!
LLMGW_PORT=""
for _ in $(seq 1 200); do
  LLMGW_PORT="$(grep '"msg":"listening"' "$tmp/llmgw.err" 2>/dev/null | grep '"listener":"api"' |
    sed -n 's/.*"address":"[^"]*:\([0-9]*\)".*/\1/p' | head -n1 || true)"
  [ -n "$LLMGW_PORT" ] && break
  kill -0 "$llmgw_pid" 2>/dev/null || die "llmgw exited: $(cat "$tmp/llmgw.err")"
  sleep 0.05
done
[ -n "$LLMGW_PORT" ] || die "llmgw did not log its listening address: $(cat "$tmp/llmgw.err")"
sleep 1
llmgw_idle_rss_start="$(rss_kb "$llmgw_pid")"
nginx_pids="$(pids_of_tree "$nginx_pid")"
# shellcheck disable=SC2086
nginx_idle_rss_start="$(rss_kb $nginx_pids)"

# Every target must answer the benchmark request with a chat completion before we time it.
for url in "http://127.0.0.1:$UPSTREAM_PORT" "http://127.0.0.1:$PROXY_PORT" "http://127.0.0.1:$LLMGW_PORT"; do
  body="$(curl -sS --max-time 5 -H 'content-type: application/json' -H "authorization: Bearer $BENCH_CLIENT_KEY" \
    -d '{"model":"bench","messages":[{"role":"user","content":"hi"}]}' "$url/v1/chat/completions")" ||
    die "sanity request to $url failed"
  grep -q '"chat.completion"' <<<"$body" || die "sanity request to $url answered: $body"
done

# ---- non-streaming: latency at 1 connection, throughput at $CONNS --------------------------

# shellcheck disable=SC2086
for target in direct nginx llmgw; do
  case $target in
    direct) url="http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions"; pids="$(pids_of_tree "$upstream_pid")" ;;
    nginx) url="http://127.0.0.1:$PROXY_PORT/v1/chat/completions"; pids="$nginx_pids" ;;
    llmgw) url="http://127.0.0.1:$LLMGW_PORT/v1/chat/completions"; pids="$llmgw_pid" ;;
  esac
  run_wrk "$target" latency 1 1 "$url" $pids
  run_wrk "$target" throughput "$CONNS" "$WRK_THREADS" "$url" $pids
done
sleep 1
llmgw_idle_rss_after="$(rss_kb "$llmgw_pid")"

# ---- slow streams ---------------------------------------------------------------------------

stream_timeout=$(((STREAM_EVENTS * STREAM_INTERVAL_MS) / 1000 + 40))
for target in llmgw nginx; do
  case $target in
    nginx) port=$PROXY_STREAM_PORT; pids="$(pids_of_tree "$nginx_pid" | tr ' ' ',')" ;;
    llmgw) port=$LLMGW_PORT; pids="$llmgw_pid" ;;
  esac
  log "$STREAMS slow streams through $target (one event every $STREAM_INTERVAL_MS ms, $STREAM_EVENTS events)"
  out="$(timeout $((stream_timeout + 10)) node "$here/slow_streams.mjs" --port "$port" --streams "$STREAMS" \
    --model "$SLOW_MODEL" --events "$STREAM_EVENTS" --key "$BENCH_CLIENT_KEY" --pids "$pids" \
    --label "$target" --timeout-s "$stream_timeout")" || log "$target: not every stream was intact"
  log "$target streams: $out"
  [ -n "$out" ] && record "{\"kind\":\"streams\",\"target\":\"$target\",\"result\":$out}"
done

kill -0 "$llmgw_pid" 2>/dev/null || die "llmgw died during the benchmark: $(tail -n 20 "$tmp/llmgw.err")"
# shellcheck disable=SC2086
record "{\"kind\":\"rss\",\"llmgw_start_kb\":$llmgw_idle_rss_start,\"llmgw_after_load_kb\":$llmgw_idle_rss_after,\"nginx_start_kb\":$nginx_idle_rss_start}"

# ---- report ---------------------------------------------------------------------------------

machine="$(nproc) cores, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), Linux $(uname -r)"
versions="$("$LLMGW_BIN" --version 2>&1 | head -n1), $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2), node $(node --version)"
settings="wrk ${DURATION}s per run after ${WARMUP}s warm-up; throughput at $CONNS connections, $WRK_THREADS wrk threads; proxy workers $WORKERS; llmgw busy_poll_us $BUSY_POLL_US; access logs $([ "$ACCESS_LOG" = 1 ] && echo on || echo off); load average at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"
table="$(node "$here/report.mjs" "$results" "$machine" "$versions" "$settings")"
printf '%s\n' "$table"
[ -z "${BENCH_OUT:-}" ] || printf '%s\n' "$table" >"$BENCH_OUT"
