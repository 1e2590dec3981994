// Opens many concurrent slow SSE streams through a proxy, checks every stream arrives intact,
// and samples the resident memory of the proxy's processes while they are open.
//
//   node slow_streams.mjs --port 8080 --streams 2000 --model scenario-slow-stream-500-20 \
//        --events 20 --key KEY --pids 1234,1235 --label llmgw [--timeout-s 60]
//
// Prints one JSON line: {label, streams, intact, failed, peak_rss_kb, max_concurrent, ...}.
// Exits 0 when every stream is intact, 1 otherwise. Loopback only; bounded by --timeout-s.

import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { SseParser } from '../support/http.mjs';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string' },
    streams: { type: 'string', default: '2000' },
    model: { type: 'string', default: 'scenario-slow-stream-500-20' },
    events: { type: 'string', default: '20' },
    key: { type: 'string', default: '' },
    pids: { type: 'string', default: '' },
    label: { type: 'string', default: 'target' },
    'timeout-s': { type: 'string', default: '60' },
    'batch': { type: 'string', default: '100' },
    'batch-interval-ms': { type: 'string', default: '20' },
  },
});

const port = Number(opt.port);
const total = Number(opt.streams);
const eventsPerStream = Number(opt.events);
const pids = opt.pids.split(',').filter(Boolean).map(Number);
const expected = Array.from({ length: eventsPerStream }, (_, i) => ` t${i}`).join('');

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

let peakRssKb = 0;
const sampleRss = () => {
  const sum = pids.reduce((n, p) => n + rssKb(p), 0);
  if (sum > peakRssKb) peakRssKb = sum;
};
const startRssKb = pids.reduce((n, p) => n + rssKb(p), 0);
const sampler = setInterval(sampleRss, 100);

let open = 0;
let maxOpen = 0;
const failures = [];

function runStream(i) {
  return new Promise((resolve) => {
    const body = JSON.stringify({
      model: opt.model,
      messages: [{ role: 'user', content: `slow stream ${i}` }],
      stream: true,
    });
    const parser = new SseParser();
    let text = '';
    let done = false;
    let status = 0;
    let lastAt = 0;
    let maxGapMs = 0;
    let settled = false;
    const finish = (ok, why) => {
      if (settled) return;
      settled = true;
      open--;
      if (!ok) failures.push({ stream: i, why, status, received: text.length });
      resolve({ ok, maxGapMs });
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/chat/completions',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${opt.key}`,
        },
      },
      (res) => {
        status = res.statusCode;
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          const now = performance.now();
          if (lastAt) maxGapMs = Math.max(maxGapMs, now - lastAt);
          lastAt = now;
          for (const ev of parser.push(chunk)) {
            if (ev.data === '[DONE]') {
              done = true;
              continue;
            }
            try {
              const j = JSON.parse(ev.data);
              if (j.error) return finish(false, `error event: ${j.error.message}`);
              text += j.choices?.[0]?.delta?.content ?? '';
            } catch (e) {
              return finish(false, `bad event: ${e.message}`);
            }
          }
        });
        res.on('end', () => {
          if (status !== 200) return finish(false, `status ${status}`);
          if (!done) return finish(false, 'no [DONE]');
          if (text !== expected) return finish(false, 'content mismatch');
          finish(true);
        });
        res.on('error', (e) => finish(false, `response error: ${e.message}`));
      },
    );
    req.on('error', (e) => finish(false, `request error: ${e.code ?? e.message}`));
    open++;
    maxOpen = Math.max(maxOpen, open);
    req.end(body);
  });
}

const t0 = performance.now();
const deadline = setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ label: opt.label, error: `timed out after ${opt['timeout-s']} s`, open })}\n`);
  process.exit(1);
}, Number(opt['timeout-s']) * 1000);

const runs = [];
const batch = Number(opt.batch);
for (let i = 0; i < total; i += batch) {
  for (let j = i; j < Math.min(total, i + batch); j++) runs.push(runStream(j));
  await new Promise((r) => setTimeout(r, Number(opt['batch-interval-ms'])));
}
const results = await Promise.all(runs);
clearTimeout(deadline);
clearInterval(sampler);
sampleRss();

const intact = results.filter((r) => r.ok).length;
const summary = {
  label: opt.label,
  streams: total,
  intact,
  failed: total - intact,
  max_concurrent: maxOpen,
  duration_s: Number(((performance.now() - t0) / 1000).toFixed(2)),
  max_gap_ms: Number(Math.max(...results.map((r) => r.maxGapMs)).toFixed(1)),
  start_rss_kb: startRssKb,
  peak_rss_kb: peakRssKb,
  failure_sample: failures.slice(0, 5),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(intact === total ? 0 : 1);
