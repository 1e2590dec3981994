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
import { apiPort, BENCH_ENV, benchConfig, postChat } from './bench_gateway.mjs';

const bin = process.argv[2];
if (!bin) {
  console.error('usage: node tests/bench/redis_latency.mjs <llmgw binary>');
  process.exit(2);
}
const REQUESTS = Number(process.env.REDIS_BENCH_REQUESTS ?? 2000);
const ROUNDS = Number(process.env.REDIS_BENCH_ROUNDS ?? 10);
const WARMUP = 200;

async function startGateway(configFile) {
  const child = spawn(bin, ['--config', configFile], {
    env: { ...process.env, ...BENCH_ENV },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const port = await apiPort(child, 20000);
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

async function timed(gateway, body, count, into) {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await postChat(gateway.agent, gateway.port, body);
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
    writeFileSync(file, toYaml(benchConfig(fake.port, { governance: true, state: backend.state, accessLog: false })));
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
