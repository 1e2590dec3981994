// Turns tests/bench/run.sh's results (JSON lines) into the markdown table of docs/benchmarks.md.
//   node report.mjs RESULTS.jsonl "machine" "versions" "settings"

import { readFileSync } from 'node:fs';

const [file, machine = '', versions = '', settings = ''] = process.argv.slice(2);
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const wrk = (target, mode) => rows.find((r) => r.kind === 'wrk' && r.target === target && r.mode === mode);
const streams = (target) => rows.find((r) => r.kind === 'streams' && r.target === target)?.result;
const rss = rows.find((r) => r.kind === 'rss') ?? {};

const fmt = (v, digits = 0) => (v === undefined || v === null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
const mb = (kb) => (kb === undefined ? undefined : kb / 1024);
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**missed**');

const lat = { direct: wrk('direct', 'latency'), nginx: wrk('nginx', 'latency'), llmgw: wrk('llmgw', 'latency') };
const thr = { direct: wrk('direct', 'throughput'), nginx: wrk('nginx', 'throughput'), llmgw: wrk('llmgw', 'throughput') };
const cpuUs = (r) => (r && r.requests > 0 ? (r.cpu_ticks / r.clk_tck) * 1e6 / r.requests : undefined);
const added = (t, p) => (lat[t] && lat.direct ? lat[t][p] - lat.direct[p] : undefined);
const errs = (r) => (r ? r.errors : undefined);

const s = { nginx: streams('nginx'), llmgw: streams('llmgw') };
const intact = (r) => (r ? `${r.intact}/${r.streams}` : 'n/a');

const addedP50 = added('llmgw', 'p50_us');
const thrRatio = thr.llmgw && thr.nginx ? thr.llmgw.rps / thr.nginx.rps : undefined;
const cpuRatio = cpuUs(thr.llmgw) && cpuUs(thr.nginx) ? cpuUs(thr.llmgw) / cpuUs(thr.nginx) : undefined;

const lines = [
  `Machine: ${machine}  `,
  `Versions: ${versions}  `,
  `Settings: ${settings}`,
  '',
  '| metric | direct | nginx | llmgw | target (llmgw) | result |',
  '|---|---:|---:|---:|---|---|',
  `| p50 latency, 1 connection (µs) | ${fmt(lat.direct?.p50_us)} | ${fmt(lat.nginx?.p50_us)} | ${fmt(lat.llmgw?.p50_us)} | | |`,
  `| p99 latency, 1 connection (µs) | ${fmt(lat.direct?.p99_us)} | ${fmt(lat.nginx?.p99_us)} | ${fmt(lat.llmgw?.p99_us)} | | |`,
  `| added p50 over direct (µs) | – | ${fmt(added('nginx', 'p50_us'))} | ${fmt(addedP50)} | ≤ 100 | ${verdict(addedP50 === undefined ? undefined : addedP50 <= 100)} |`,
  `| added p99 over direct (µs) | – | ${fmt(added('nginx', 'p99_us'))} | ${fmt(added('llmgw', 'p99_us'))} | | |`,
  `| throughput, ${thr.llmgw?.connections ?? '?'} connections (req/s) | ${fmt(thr.direct?.rps)} | ${fmt(thr.nginx?.rps)} | ${fmt(thr.llmgw?.rps)} | ≥ 0.5× nginx | ${thrRatio === undefined ? '' : `${fmt(thrRatio, 2)}× ${verdict(thrRatio >= 0.5)}`} |`,
  `| CPU time per request (µs) | ${fmt(cpuUs(thr.direct), 1)} | ${fmt(cpuUs(thr.nginx), 1)} | ${fmt(cpuUs(thr.llmgw), 1)} | ≤ 2× nginx | ${cpuRatio === undefined ? '' : `${fmt(cpuRatio, 2)}× ${verdict(cpuRatio <= 2)}`} |`,
  `| wrk errors (latency / throughput runs) | ${errs(lat.direct) ?? 'n/a'} / ${errs(thr.direct) ?? 'n/a'} | ${errs(lat.nginx) ?? 'n/a'} / ${errs(thr.nginx) ?? 'n/a'} | ${errs(lat.llmgw) ?? 'n/a'} / ${errs(thr.llmgw) ?? 'n/a'} | 0 | ${verdict(thr.llmgw && lat.llmgw ? errs(thr.llmgw) + errs(lat.llmgw) === 0 : undefined)} |`,
  `| idle RSS after start (MB) | – | ${fmt(mb(rss.nginx_start_kb), 1)} | ${fmt(mb(rss.llmgw_start_kb), 1)} | ≤ 30 | ${verdict(rss.llmgw_start_kb === undefined ? undefined : mb(rss.llmgw_start_kb) <= 30)} |`,
  `| idle RSS after the load runs (MB) | – | | ${fmt(mb(rss.llmgw_after_load_kb), 1)} | | |`,
  `| ${s.llmgw?.streams ?? s.nginx?.streams ?? '?'} slow streams intact | – | ${intact(s.nginx)} | ${intact(s.llmgw)} | all | ${verdict(s.llmgw ? s.llmgw.intact === s.llmgw.streams : undefined)} |`,
  `| peak RSS during the slow streams (MB) | – | ${fmt(mb(s.nginx?.peak_rss_kb), 1)} | ${fmt(mb(s.llmgw?.peak_rss_kb), 1)} | ≤ 60 | ${verdict(s.llmgw ? mb(s.llmgw.peak_rss_kb) <= 60 : undefined)} |`,
  `| longest gap between events of one stream (ms) | – | ${fmt(s.nginx?.max_gap_ms)} | ${fmt(s.llmgw?.max_gap_ms)} | | |`,
];
process.stdout.write(`${lines.join('\n')}\n`);
