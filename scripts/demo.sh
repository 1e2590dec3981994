#!/usr/bin/env bash
# make demo: llmgw on config/examples/demo.yaml in front of a local fake OpenAI server
# (scripts/demo-upstream.mjs), so that a first request works with no key of any provider.
#
#   scripts/demo.sh           install what is missing, build llmgw, run both until Ctrl-C
#   scripts/demo.sh --check   the same, but send the example requests itself, check the streamed
#                             answer, /metrics and the access log, then stop (exit status 0 = ok)
#   LLMGW_BIN=path/to/llmgw scripts/demo.sh   use that binary: install and build nothing
#
# Both processes are stopped when this script ends (Ctrl-C, an error, or the end of --check).
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: scripts/demo.sh [--check]" >&2; exit 2 ;;
esac
# These must match config/examples/demo.yaml.
api=127.0.0.1:8080
metrics=127.0.0.1:9464
upstream_port=18080
key=llmgw-demo-key

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }

if [ -n "${LLMGW_BIN:-}" ]; then
  bin="$LLMGW_BIN"
  for tool in node curl; do
    command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh demo installs it)"
  done
else
  scripts/install-deps.sh demo
  scripts/build.sh release llmgw
  bin=build/llmgw
fi
[ -x "$bin" ] || die "no executable llmgw at $bin"

for address in "$api" "$metrics" "127.0.0.1:$upstream_port"; do
  if (exec 3<>"/dev/tcp/${address%:*}/${address#*:}") 2>/dev/null; then
    die "$address is already in use (is \`make run\` or another demo running?)"
  fi
done

tmp="$(mktemp -d -t llmgw-demo.XXXXXX)"
pids=()
stop() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ ${#pids[@]} -eq 0 ] || say "stopped the gateway and the demo upstream"
  rm -rf "$tmp"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Interactive: every line on the terminal, labelled. --check: into files, checked below.
if [ "$check" = 1 ]; then
  node scripts/demo-upstream.mjs >"$tmp/upstream.log" 2>&1 &
  pids+=($!)
else
  node scripts/demo-upstream.mjs > >(sed -u 's/^/[upstream] /') 2>&1 &
  pids+=($!)
fi
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$upstream_port") 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || die "the demo upstream did not start"
  sleep 0.1
done

if [ "$check" = 1 ]; then
  "$bin" --config config/examples/demo.yaml >"$tmp/access.log" 2>"$tmp/llmgw.log" &
  pids+=($!)
else
  # stdout is the access log (JSON, one line per request), stderr the application log.
  "$bin" --config config/examples/demo.yaml > >(sed -u 's/^/[access log] /') \
    2> >(sed -u 's/^/[llmgw] /' >&2) &
  pids+=($!)
fi
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://$api/healthz" 2>/dev/null && break
  kill -0 "${pids[1]}" 2>/dev/null || { cat "$tmp/llmgw.log" 2>/dev/null; die "llmgw did not start"; }
  sleep 0.1
done
curl -fsS -o /dev/null "http://$api/healthz" || die "llmgw does not answer GET /healthz"

stream_cmd="curl -N http://$api/v1/chat/completions -H 'Authorization: Bearer $key' \\
      -H 'Content-Type: application/json' \\
      -d '{\"model\": \"demo\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}'"

if [ "$check" = 0 ]; then
  cat <<EOF

  llmgw demo: the gateway on http://$api, in front of a fake OpenAI server on
  127.0.0.1:$upstream_port (config/examples/demo.yaml). No provider key is needed.

  A streamed answer (the fake echoes your message, word by word):

    $stream_cmd

  Ten tokens 300 ms apart: the same with "model": "demo-slow". Without "stream": one JSON answer.
  Metrics:       curl -s http://$metrics/metrics | grep '^llmgw_'
  OpenAI SDKs:   base URL http://$api/v1, API key $key, model demo
  Access log:    the [access log] lines below, one JSON line per request.

  Ctrl-C stops the gateway and the demo upstream.

EOF
  wait -n "${pids[@]}" || true
  die "a demo process exited on its own"
fi

# ---- --check: what a new user would see ------------------------------------------------------

say "llmgw $("$bin" --version 2>&1 | head -n1), node $(node --version); gateway log:"
sed 's/^/  | /' "$tmp/llmgw.log"
say "\$ $stream_cmd"
eval "$stream_cmd" -sS --max-time 10 >"$tmp/stream.txt"
sed 's/^/  | /' "$tmp/stream.txt"
grep -q '"content":"Echo:"' "$tmp/stream.txt" || die "no streamed 'Echo:' chunk"
grep -q '"content":" Hello"' "$tmp/stream.txt" || die "no streamed ' Hello' chunk"
tail -n 2 "$tmp/stream.txt" | grep -qx 'data: \[DONE\]' || die "the stream did not end with [DONE]"

say "\$ curl -s http://$metrics/metrics | grep 'llmgw_requests_total\|llmgw_tokens_total'"
curl -fsS --max-time 5 "http://$metrics/metrics" >"$tmp/metrics.txt"
grep -E '^llmgw_(requests|tokens)_total' "$tmp/metrics.txt" | sed 's/^/  | /'
grep -q '^llmgw_requests_total{.*model="demo".*} 1' "$tmp/metrics.txt" ||
  die "/metrics does not count the request"

for _ in $(seq 1 20); do [ -s "$tmp/access.log" ] && break; sleep 0.1; done
say "access log:"
sed 's/^/  | /' "$tmp/access.log"
grep -q '"model":"demo".*"status":200' "$tmp/access.log" || die "no access-log line for the request"
say "ok: streamed answer, metrics and access log, with no provider key"
