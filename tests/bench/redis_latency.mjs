// What the Redis backend adds to a request's latency on loopback: one gateway binary, run
// twice on the same limited key (RPM, TPM and a monthly budget, priced model), once with
// `state.backend: memory` and once with `state.backend: redis` on a redis-server started here.
// Requests are sequential on one keep-alive connection, so each latency is one request's own:
// the difference of the medians is the reserve round trip before the upstream call (the
// settle after the response is off the client's path, but it is on the connection's: the
// next request on it waits, so it is measured too when the gap between requests is zero).
//
//   node tests/bench/redis_latency.mjs build/llmgw
//
// Knobs: REDIS_BENCH_REQUESTS (2000 per backend), REDIS_BENCH_ROUNDS (10: the backends take
// turns in rounds so that machine load drifts over both alike).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { startFakeOpenAI } from '../support/fake_openai.mjs';
import { toYaml } from '../support/gateway.mjs';
import { startRedis } from '../support/redis_server.mjs';

const bin = process.argv[2];
if (!bin) {
  console.error('usage: node tests/bench/redis_latency.mjs <llmgw binary>');
  process.exit(2);
}
const REQUESTS = Number(process.env.REDIS_BENCH_REQUESTS ?? 2000);
const ROUNDS = Number(process.env.REDIS_BENCH_ROUNDS ?? 10);
const WARMUP = 200;
const CLIENT_KEY = 'bench-client-key-0123456789';

function config(upstreamPort, state) {
  return {
    server: { listen: '127.0.0.1:0', workers: 1 },
    providers: [
      {
        name: 'fake',
        kind: 'openai_compatible',
        base_url: `http://127.0.0.1:${upstreamPort}/v1`,
        api_key: '${BENCH_PROVIDER_KEY}',
      },
    ],
    models: [{ name: 'bench', deployments: [{ provider: 'fake', model: 'scenario-normal' }] }],
    keys: [
      {
        id: 'bench',
        secret: '${BENCH_CLIENT_KEY}',
        limits: { rpm: 1000000, tpm: 1000000000 },
        budget: { amount: '1000000', period: 'month' },
      },
    ],
    pricing: { providers: { fake: { 'scenario-normal': { input: 2.5, output: 10 } } } },
    state,
    logging: { level: 'info', access_log: false },
    metrics: { enabled: false },
  };
}

async function startGateway(configFile) {
  const child = spawn(bin, ['--config', configFile], {
    env: { ...process.env, BENCH_PROVIDER_KEY: 'sk-bench', BENCH_CLIENT_KEY: CLIENT_KEY },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('llmgw did not start within 20 s')), 20000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      buf += text;
      for (const line of buf.split('\n')) {
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (entry.msg !== 'listening' || entry.listener !== 'api') continue;
        clearTimeout(timer);
        resolve(Number(entry.address.slice(entry.address.lastIndexOf(':') + 1)));
      }
    });
    child.on('exit', (code) => reject(new Error(`llmgw exited early (${code}): ${buf.slice(-500)}`)));
  });
  return {
    port,
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    async stop() {
      this.agent.destroy();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function post(gateway, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent: gateway.agent,
        port: gateway.port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
        timeout: 30000,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

async function timed(gateway, body, count, into) {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await post(gateway, body);
    into.push((performance.now() - start) * 1000);
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const redis = await startRedis();
const fake = await startFakeOpenAI({ keepAliveTimeoutMs: 120000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-redis-bench-'));
const backends = {
  memory: { state: { backend: 'memory' }, samples: [] },
  redis: {
    state: { backend: 'redis', redis: { host: '127.0.0.1', port: redis.port, timeout: '250ms' } },
    samples: [],
  },
};
const gateways = [];
try {
  for (const [name, backend] of Object.entries(backends)) {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, toYaml(config(fake.port, backend.state)));
    backend.gateway = await startGateway(file);
    gateways.push(backend.gateway);
  }
  const body = JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'measure me' }] });
  for (const backend of Object.values(backends)) await timed(backend.gateway, body, WARMUP, []);
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of Object.values(backends)) {
      await timed(backend.gateway, body, perRound, backend.samples);
      fake.clear();
    }
  }
} finally {
  for (const gateway of gateways) await gateway.stop();
  await fake.close();
  await redis.kill();
  rmSync(dir, { recursive: true, force: true });
}

const rows = Object.entries(backends).map(([name, backend]) => {
  const sorted = backend.samples.sort((a, b) => a - b);
  return { name, n: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
});
console.log('| backend | requests | p50 (µs) | p90 (µs) | p99 (µs) |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.n} | ${r.p50.toFixed(0)} | ${r.p90.toFixed(0)} | ${r.p99.toFixed(0)} |`);
}
const [memory, onRedis] = rows;
console.log(`\nadded by Redis: p50 ${(onRedis.p50 - memory.p50).toFixed(0)} µs, p90 ${(onRedis.p90 - memory.p90).toFixed(0)} µs`);
