// Shared state on Redis against the real binary: two llmgw processes on one redis-server hold
// one global RPM limit and one team budget (within the overshoot bound of docs/governance.md),
// keep serving (fail_open) or refuse clearly (fail_closed) when Redis is killed, and enforce
// the limits again once it is back. A mixed workload (streams, a client that hangs up, a
// fallback, /v1/messages) is billed exactly what the fake upstream reported.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';

import { closedPort, expectedUsage, startFakeOpenAI } from '../support/fake_openai.mjs';
import { makeSecrets, secretEnv, startGateway, testConfig } from '../support/gateway.mjs';
import { assertOpenAIError, chatBody } from '../support/harness.mjs';
import { openStream, request, sleep } from '../support/http.mjs';
import { startRedis } from '../support/redis_server.mjs';

const CHAT = '/v1/chat/completions';
// $1.00 and $2.00 per million tokens: a token costs 1,000,000 and 2,000,000 pico-USD.
const INPUT_PICO = 1_000_000n;
const OUTPUT_PICO = 2_000_000n;
const PRICES = { input: '1.00', output: '2.00' };

function costOf(usage) {
  return BigInt(usage.prompt_tokens) * INPUT_PICO + BigInt(usage.completion_tokens) * OUTPUT_PICO;
}

/** pico-USD as the gateway prints USD. */
function usd(pico) {
  const whole = pico / 1_000_000_000_000n;
  const fraction = (pico % 1_000_000_000_000n).toString().padStart(12, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** The value of one series on the gateway's /metrics (0 when absent). */
async function metric(gw, name, labels = {}) {
  const res = await request(gw.metricsPort, { path: '/metrics' });
  assert.equal(res.status, 200);
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of res.text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

async function waitFor(what, predicate, timeoutMs = 10000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function redisState(redis, extra = {}) {
  return { backend: 'redis', redis: { host: '127.0.0.1', port: redis.port, timeout: '100ms', ...extra } };
}

/** Two gateways on one config shape; `configure(config, index)` edits each. */
async function startPair(fake, secrets, configure) {
  const refusedPort = await closedPort();
  const gateways = [];
  for (const index of [0, 1]) {
    const config = testConfig({ fakePort: fake.port, refusedPort });
    configure(config, index);
    gateways.push(await startGateway({ config, env: secretEnv(secrets) }));
  }
  return gateways;
}

async function stopAll(gateways) {
  for (const gw of gateways) {
    if (!gw) continue;
    const exit = await gw.stop().catch((e) => ({ error: e }));
    await gw.kill();
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, gw.output());
  }
}

function post(gw, secret, body, pathname = CHAT) {
  return request(gw.port, { method: 'POST', path: pathname, body, headers: { authorization: `Bearer ${secret}` } });
}

describe('governance on Redis: two instances share limits and budgets', { timeout: 60000 }, () => {
  let redis;
  let fake;
  const secrets = makeSecrets();
  before(async () => {
    redis = await startRedis();
    fake = await startFakeOpenAI();
  });
  after(async () => {
    await fake?.close();
    await redis?.kill();
  });

  test('a global limit of 40 requests per minute admits exactly 40 of 120 concurrent requests', async () => {
    const gateways = await startPair(fake, secrets, (config) => {
      config.limits = { rpm: 40 };
      config.state = redisState(redis, { prefix: '{rpm-test}' });
    });
    try {
      const sent = fake.requests.length;
      const results = await Promise.all(
        Array.from({ length: 120 }, (_, i) => post(gateways[i % 2], secrets.clientKeyA, chatBody('gpt-test', `rpm ${i}`))),
      );
      const admitted = results.filter((r) => r.status === 200);
      assert.equal(admitted.length, 40, `statuses: ${results.map((r) => r.status).join(',')}`);
      for (const res of results.filter((r) => r.status !== 200)) {
        const error = assertOpenAIError(res, 429, { code: 'rate_limit_exceeded' });
        assert.equal(error.type, 'requests');
        assert.ok(Number(res.headers['retry-after']) >= 1, res.headers['retry-after']);
      }
      assert.equal(fake.requests.length - sent, 40, 'only admitted requests reach the upstream');
      // Which instance admits which request depends on arrival order; what matters is that the
      // two together never pass 40 (each alone would admit 40: 80 on the memory backend).
      for (const gw of gateways) assert.equal(await metric(gw, 'llmgw_redis_connections_up'), 2);
    } finally {
      await stopAll(gateways);
    }
  });

  test('a team budget holds across both instances within the published overshoot bound', async () => {
    // Bodies of one length: every request has the same estimate and the same actual usage.
    const body = (i) => chatBody('budget-test', `spend ${String(i).padStart(4, '0')}`, { max_tokens: 1 });
    const actual = expectedUsage({ ...body(0), model: 'budget-upstream' });
    const costPerRequest = costOf(actual);
    const budget = 30n * costPerRequest;
    const probeSecret = `llmgw-test-probe-${secrets.clientKeyA.slice(-12)}`;
    const spenderSecret = `llmgw-test-spender-${secrets.clientKeyA.slice(-12)}`;
    const gateways = await startPair(fake, secrets, (config) => {
      config.models.push({ name: 'budget-test', deployments: [{ provider: 'fake', model: 'budget-upstream' }] });
      config.pricing = { providers: { fake: { 'budget-upstream': PRICES } } };
      config.teams = [{ id: 'spenders', budget: { amount: usd(budget), period: 'day' } }];
      config.keys.push(
        { id: 'spender', secret: spenderSecret, team: 'spenders' },
        { id: 'probe', secret: probeSecret, limits: { tpm: 1000000 } },
      );
      config.state = redisState(redis, { prefix: '{budget-test}' });
    });
    try {
      // The gateway's own estimate of such a request, read off the tokens it reserved.
      const probe = await post(gateways[0], probeSecret, body(9999));
      assert.equal(probe.status, 200, probe.text);
      const estimatedTokens = 1000000 - Number(probe.headers['x-ratelimit-remaining-tokens']);
      const estimatedPrompt = estimatedTokens - 1; // max_tokens: 1
      assert.ok(estimatedPrompt > 0 && estimatedPrompt < actual.prompt_tokens, `estimate ${estimatedTokens}`);
      const estimatedCost = BigInt(estimatedPrompt) * INPUT_PICO + 1n * OUTPUT_PICO;
      // docs/governance.md: overshoot ≤ Σ over the requests in flight at once of
      // max(0, actual − estimate). At most CONCURRENCY are in flight (the client's own limit).
      const CONCURRENCY = 8;
      const excess = costPerRequest > estimatedCost ? costPerRequest - estimatedCost : 0n;
      const bound = BigInt(CONCURRENCY) * excess;
      assert.ok(excess > 0n, 'the estimate is low, so the bound is not trivially zero');

      let spent = 0n;
      let refused = 0;
      let next = 0;
      const worker = async (lane) => {
        while (next < 200) {
          const i = next++;
          const res = await post(gateways[lane % 2], spenderSecret, body(i));
          if (res.status === 429) {
            const error = assertOpenAIError(res, 429, { code: 'insufficient_quota' });
            assert.match(error.message, /team 'spenders'/);
            refused++;
            return;
          }
          assert.equal(res.status, 200, res.text);
          assert.equal(res.headers['x-llmgw-cost'], usd(costPerRequest));
          spent += costPerRequest;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, (_, lane) => worker(lane)));
      assert.equal(refused, CONCURRENCY, 'every lane ran into the exhausted budget');
      const overshoot = spent > budget ? spent - budget : 0n;
      assert.ok(overshoot <= bound, `spent ${usd(spent)} of ${usd(budget)}: over by ${usd(overshoot)}, bound ${usd(bound)}`);
      assert.ok(spent >= budget / 2n, `spent only ${usd(spent)} of ${usd(budget)}`);
    } finally {
      await stopAll(gateways);
    }
  });
});

describe('governance on Redis: Redis killed and restarted', { timeout: 60000 }, () => {
  let redis;
  let fake;
  let gateways = [];
  const secrets = makeSecrets();
  const recoverySecret = `llmgw-test-recovery-${secrets.clientKeyA.slice(-12)}`;
  before(async () => {
    redis = await startRedis();
    fake = await startFakeOpenAI();
    gateways = await startPair(fake, secrets, (config, index) => {
      config.keys[0].limits = { rpm: 100000 };
      config.keys.push({ id: 'recovery', secret: recoverySecret, limits: { rpm: 5 } });
      config.state = redisState(redis, { on_failure: index === 0 ? 'fail_open' : 'fail_closed', backoff_max: '200ms' });
    });
  });
  after(async () => {
    try {
      await stopAll(gateways);
    } finally {
      await fake?.close();
      await redis?.kill();
    }
  });
  const [open, closed] = [() => gateways[0], () => gateways[1]];
  const N = 6;

  test('both instances count on Redis while it is up', async () => {
    for (const gw of gateways) {
      const res = await post(gw, secrets.clientKeyA, chatBody('gpt-test', 'redis is up'));
      assert.equal(res.status, 200, res.text);
      assert.ok(Number(res.headers['x-ratelimit-remaining-requests']) < 100000);
      await waitFor('both connections up', async () => (await metric(gw, 'llmgw_redis_connections_up')) === 2);
    }
  });

  test('Redis SIGKILLed: fail_open answers within the timeout, fail_closed refuses clearly', async () => {
    await redis.kill();
    const timed = async (gw, i) => {
      const start = performance.now();
      const res = await post(gw, secrets.clientKeyA, chatBody('gpt-test', `redis is gone ${i}`));
      return { res, ms: performance.now() - start };
    };
    const opened = await Promise.all(Array.from({ length: N }, (_, i) => timed(open(), i)));
    const refused = await Promise.all(Array.from({ length: N }, (_, i) => timed(closed(), i)));
    for (const { res, ms } of opened) {
      assert.equal(res.status, 200, res.text);
      // The 100ms Redis timeout plus a fast upstream: far from a hang.
      assert.ok(ms < 1500, `fail_open took ${ms} ms`);
      assert.equal(res.headers['x-ratelimit-remaining-requests'], undefined);
    }
    for (const { res, ms } of refused) {
      const error = assertOpenAIError(res, 503, { code: 'service_unavailable' });
      assert.match(error.message, /cannot check rate limits and budgets right now/);
      assert.ok(ms < 1500, `fail_closed took ${ms} ms`);
    }
    assert.equal(await metric(open(), 'llmgw_state_unavailable_total', { decision: 'fail_open' }), N);
    assert.equal(await metric(closed(), 'llmgw_state_unavailable_total', { decision: 'fail_closed' }), N);
    assert.equal(await metric(open(), 'llmgw_state_unavailable_total', { decision: 'fail_closed' }), 0);
    for (const gw of gateways) {
      await waitFor('connections down', async () => (await metric(gw, 'llmgw_redis_connections_up')) === 0);
      assert.ok((await metric(gw, 'llmgw_redis_disconnects_total')) >= 2);
    }
  });

  test('Redis back on the same port: both instances reconnect and the limits hold again', async () => {
    await redis.start();
    for (const gw of gateways) {
      await waitFor('every worker reconnected', async () => (await metric(gw, 'llmgw_redis_connections_up')) === 2);
    }
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(gateways[i % 2], recoverySecret, chatBody('gpt-test', `recovered ${i}`))),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 5, results.map((r) => r.status).join(','));
    for (const res of results.filter((r) => r.status !== 200)) assertOpenAIError(res, 429, { code: 'rate_limit_exceeded' });
  });
});

describe('governance on Redis: billed tokens equal the upstream usage', { timeout: 60000 }, () => {
  let redis;
  let fake;
  let gw;
  const secrets = makeSecrets();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-state-'));
  const BILLED_MODELS = {
    'bill-plain': ['bill-plain-up'],
    'bill-stream': ['bill-stream-up'],
    'bill-cut': ['scenario-stream-gated'],
    'bill-fallback': ['scenario-status-500', 'bill-fallback-up'],
    'bill-messages': ['bill-messages-up'],
  };
  const sent = {}; // public model -> client requests sent

  before(async () => {
    redis = await startRedis();
    fake = await startFakeOpenAI();
    const config = testConfig({ fakePort: fake.port, refusedPort: await closedPort() });
    config.server.workers = 1;
    for (const [name, upstreams] of Object.entries(BILLED_MODELS)) {
      config.models.push({ name, deployments: upstreams.map((model) => ({ provider: 'fake', model })) });
    }
    const prices = {};
    for (const upstreams of Object.values(BILLED_MODELS)) for (const model of upstreams) prices[model] = PRICES;
    config.pricing = { providers: { fake: prices } };
    // Limits and a budget on the key, so every request reserves and settles on Redis.
    config.keys[0].limits = { rpm: 100000, tpm: 100000000 };
    config.keys[0].budget = { amount: '1000', period: 'day' };
    config.state = { dir: stateDir, ...redisState(redis) };
    gw = await startGateway({ config, env: secretEnv(secrets) });
  });
  after(async () => {
    try {
      await gw?.kill();
      await fake?.close();
      await redis?.kill();
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  const send = async (model, body, pathname = CHAT) => {
    sent[model] = (sent[model] ?? 0) + 1;
    const res = await post(gw, secrets.clientKeyA, { model, ...body }, pathname);
    assert.equal(res.status, 200, res.text);
    return res;
  };
  const messages = (text) => ({ messages: [{ role: 'user', content: text }] });

  test('a mixed workload: plain, streamed, cut short, fallen back and Anthropic-inbound', async () => {
    await send('bill-plain', messages('plain one'));
    await send('bill-plain', messages('plain number two'));
    await send('bill-stream', { ...messages('streamed with usage'), stream: true, stream_options: { include_usage: true } });
    await send('bill-stream', { ...messages('streamed, the gateway asks for usage'), stream: true });
    await send('bill-fallback', messages('the first deployment fails'));
    await send('bill-fallback', { ...messages('the first deployment fails, streamed'), stream: true });
    await send('bill-messages', { max_tokens: 64, ...messages('anthropic inbound') }, '/v1/messages');
    await send('bill-messages', { max_tokens: 64, stream: true, ...messages('anthropic inbound, streamed') }, '/v1/messages');

    // A client that hangs up after the first chunk: the upstream call is cancelled.
    sent['bill-cut'] = 1;
    const stream = openStream(gw.port, { body: { model: 'bill-cut', stream: true, ...messages('hang up on me') }, headers: { authorization: `Bearer ${secrets.clientKeyA}` } });
    assert.equal((await stream.response).status, 200);
    assert.ok(await stream.next());
    stream.abort();
    const cut = await fake.waitForRequest((r) => r.body?.model === 'scenario-stream-gated');
    await fake.connections.get(cut.socketId).closed;
  });

  test('after SIGTERM every spend record has exactly the tokens the upstream reported', async () => {
    await gw.waitForAccessLog((l) => l.model === 'bill-cut');
    const exit = await gw.stop();
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, gw.output());

    // What the fake reported for each upstream request: the usage of a JSON answer, the usage
    // chunk of a stream, nothing for an error or a stream cut before its end.
    const reported = (record) => {
      if (record.body?.stream) {
        const chunk = record.events.map((e) => (e.data === '[DONE]' ? null : JSON.parse(e.data))).find((e) => e?.usage);
        return chunk?.usage;
      }
      if (record.body?.model === 'scenario-status-500') return undefined;
      return expectedUsage(record.body);
    };
    const rows = execFileSync('sqlite3', ['-json', path.join(stateDir, 'llmgw.db'),
      'SELECT model, input_tokens, output_tokens, cost_pico FROM spend ORDER BY seq'], { encoding: 'utf8' });
    const spend = rows.trim() ? JSON.parse(rows) : [];
    for (const [model, upstreams] of Object.entries(BILLED_MODELS)) {
      const mine = spend.filter((row) => row.model === model);
      assert.equal(mine.length, sent[model], `${model}: one record per request`);
      const upstream = fake.requests.filter((r) => upstreams.includes(r.body?.model));
      const want = { prompt: 0, completion: 0 };
      for (const record of upstream) {
        const usage = reported(record);
        want.prompt += usage?.prompt_tokens ?? 0;
        want.completion += usage?.completion_tokens ?? 0;
      }
      const got = {
        prompt: mine.reduce((n, row) => n + row.input_tokens, 0),
        completion: mine.reduce((n, row) => n + row.output_tokens, 0),
      };
      assert.deepEqual(got, want, `${model}: billed tokens`);
      if (model === 'bill-cut') {
        assert.equal(mine[0].cost_pico, null, 'a stream cut before its usage has an unknown cost, not 0');
      } else {
        assert.ok(want.prompt > 0, `${model}: the upstream reported usage`);
        const cost = mine.reduce((n, row) => n + BigInt(row.cost_pico), 0n);
        assert.equal(cost, BigInt(want.prompt) * INPUT_PICO + BigInt(want.completion) * OUTPUT_PICO, `${model}: cost`);
      }
    }
    assert.equal(fake.requests.filter((r) => r.body?.model === 'scenario-status-500').length, 2, 'both fallbacks tried the failing deployment first');
  });
});
