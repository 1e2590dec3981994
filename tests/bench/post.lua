-- wrk script: POST one chat completion per request and print machine-readable results.
-- Env: BENCH_CLIENT_KEY (virtual key sent as Bearer), BENCH_MODEL (default "bench").
local key = os.getenv("BENCH_CLIENT_KEY") or "none"
local model = os.getenv("BENCH_MODEL") or "bench"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.body = '{"model":"' .. model .. '","messages":[{"role":"system","content":"You are terse."},'
  .. '{"role":"user","content":"Say hello in five words."}],"max_tokens":16,"temperature":0}'

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "BENCH requests=%d duration_us=%d errors=%d status_errors=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f rps=%.1f\n",
    summary.requests, summary.duration, errors, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.requests / (summary.duration / 1e6)))
end
