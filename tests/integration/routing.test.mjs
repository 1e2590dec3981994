// Routing and resilience against the real binary and fault-injecting fake upstreams: retries on
// the same deployment (500 then success, 429 with Retry-After, a 400 never), retries bounded by
// the request's deadline, the context-window pre-flight and a provider's "context length
// exceeded", circuit breakers that open, fail fast, cool down and recover, the weighted split
// (seeded) and least-in-flight, and the x-llmgw-* headers, access log and metrics that report it.

import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';

import OpenAI from 'openai';

import { assertOpenAIError, chatBody, useGateway } from '../support/harness.mjs';
import { request } from '../support/http.mjs';

const CHAT = '/v1/chat/completions';
const fast = { base_backoff: '10ms', max_backoff: '20ms' };

function models() {
  return [
    {
      name: 'retry-500',
      routing: { retry: { max_retries: 2, ...fast } },
      deployments: [{ provider: 'fake', model: 'scenario-script-r500', id: 'only' }],
    },
    {
      name: 'retry-429',
      routing: { retry: { max_retries: 1, ...fast, max_retry_after: '5s' } },
      deployments: [{ provider: 'fake', model: 'scenario-script-r429', id: 'only' }],
    },
    {
      name: 'leave',
      routing: { retry: { max_retries: 1, ...fast, max_retry_after: '10s' } },
      deployments: [{ provider: 'fake', model: 'scenario-script-leave', id: 'only' }],
    },
    {
      name: 'retry-400',
      routing: { retry: { max_retries: 3, ...fast } },
      deployments: [
        { provider: 'fake', model: 'scenario-script-r400', id: 'first' },
        { provider: 'fake', model: 'scenario-normal', id: 'second' },
      ],
    },
    {
      name: 'deadline',
      routing: { timeout: '800ms', retry: { max_retries: 10, ...fast, budget_burst: 100 } },
      deployments: [{ provider: 'fake', model: 'scenario-script-deadline', id: 'only' }],
    },
    {
      name: 'windows',
      deployments: [
        { provider: 'fake', model: 'scenario-script-small', id: 'small', context_window: 64 },
        { provider: 'fake', model: 'scenario-normal', id: 'large', context_window: 4000 },
      ],
    },
    {
      name: 'overflow',
      deployments: [
        { provider: 'fake', model: 'scenario-script-overflow', id: 'unknown-window' },
        { provider: 'fake', model: 'scenario-normal', id: 'large', context_window: 100000 },
      ],
    },
    {
      name: 'breaker',
      routing: { breaker: { consecutive_failures: 2, cooldown: '600ms' } },
      deployments: [
        { provider: 'fake', model: 'scenario-script-flaky', id: 'primary' },
        { provider: 'fake', model: 'scenario-normal', id: 'backup', priority: 1 },
      ],
    },
    {
      name: 'lonely',
      routing: { breaker: { consecutive_failures: 1, cooldown: '60s' } },
      deployments: [{ provider: 'fake', model: 'scenario-script-lonely', id: 'only' }],
    },
    {
      name: 'split',
      routing: { strategy: 'weighted' },
      deployments: [
        { provider: 'fake', model: 'scenario-normal', id: 'light', weight: 1 },
        { provider: 'fake', model: 'scenario-normal', id: 'heavy', weight: 3 },
      ],
    },
    {
      name: 'lif',
      routing: { strategy: 'least_in_flight' },
      deployments: [
        { provider: 'fake', model: 'scenario-slow-700', id: 'a' },
        { provider: 'fake', model: 'scenario-slow-701', id: 'b' },
      ],
    },
  ];
}

async function metricValue(ctx, name, labels) {
  const res = await request(ctx.gw.metricsPort, { path: '/metrics' });
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of res.text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (wanted.every((w) => line.includes(w))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe('routing: retries, fallbacks, breakers and strategies', { timeout: 90000 }, () => {
  const ctx = useGateway({
    configure(config) {
      config.server.workers = 1; // One worker: one breaker and one in-flight count per deployment.
      config.server.random_seed = 20261203;
      config.models.push(...models());
    },
  });

  test('a 500 is retried on the same deployment and the second try answers', async () => {
    ctx.fake.script('r500', [{ status: 500 }]);
    const res = await ctx.post(CHAT, chatBody('retry-500', 'once more'));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['x-llmgw-deployment'], 'only');
    assert.equal(res.headers['x-llmgw-attempts'], '2');
    assert.equal(res.headers['x-llmgw-fallback'], undefined);
    assert.equal(ctx.fake.requestsFor('scenario-script-r500').length, 2);
    assert.equal(await metricValue(ctx, 'llmgw_retries_total', { model: 'retry-500', deployment: 'only', reason: 'server_error' }), 1);
    const line = await ctx.gw.waitForAccessLog((l) => l.model === 'retry-500');
    assert.equal(line.deployment, 'only');
    assert.equal(line.attempts, 2);
    assert.equal(line.fallback, false);
  });

  test('a 429 waits for its Retry-After before the retry', async () => {
    ctx.fake.script('r429', [{ status: 429, headers: { 'retry-after': '1' } }]);
    const res = await ctx.post(CHAT, chatBody('retry-429'));
    assert.equal(res.status, 200, res.text);
    const [first, second] = ctx.fake.requestsFor('scenario-script-r429');
    const gap = second.receivedAt - first.receivedAt;
    assert.ok(gap >= 990 && gap < 1600, `gap ${gap} ms`);
    assert.equal(res.headers['x-llmgw-attempts'], '2');
  });

  test('a client that goes away ends the backoff wait at once', async () => {
    ctx.fake.script('leave', [{ status: 429, headers: { 'retry-after': '5' } }]);
    const payload = JSON.stringify(chatBody('leave'));
    const req = http.request({
      host: '127.0.0.1', port: ctx.gw.port, method: 'POST', path: CHAT, agent: false,
      headers: { ...ctx.auth(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    req.on('error', () => {});
    req.end(payload);
    await ctx.fake.waitForRequest((r) => r.body?.model === 'scenario-script-leave');
    const left = performance.now();
    req.destroy();
    const line = await ctx.gw.waitForAccessLog((l) => l.model === 'leave', 3000);
    assert.equal(line.status, 499);
    assert.ok(performance.now() - left < 1000, 'the 5 s wait ended with the client');
    assert.equal(ctx.fake.requestsFor('scenario-script-leave').length, 1);
  });

  test('a 400 is never retried nor sent to another deployment', async () => {
    ctx.fake.script('r400', [], { status: 400 });
    const res = await ctx.post(CHAT, chatBody('retry-400'));
    assertOpenAIError(res, 400, { code: 'invalid_value', where: 'upstream 400' });
    assert.equal(ctx.fake.requestsFor('scenario-script-r400').length, 1);
    assert.equal(res.headers['x-llmgw-attempts'], '1');
    assert.equal(res.headers['x-llmgw-deployment'], 'first');
  });

  test('retries stop at the request deadline', async () => {
    // The provider asks for 300 ms each time, so the waits are exact (no jitter).
    ctx.fake.script('deadline', [], { status: 503, headers: { 'retry-after-ms': '300' } });
    const started = performance.now();
    const res = await ctx.post(CHAT, chatBody('deadline'));
    const took = performance.now() - started;
    assertOpenAIError(res, 503, { where: 'deadline' });
    const tries = ctx.fake.requestsFor('scenario-script-deadline').length;
    // Tries at 0, 300 and 600 ms; a fourth would start at 900 ms, past the 800 ms deadline
    // (and max_retries would allow eleven).
    assert.ok(tries >= 2 && tries <= 3, `${tries} tries`);
    assert.equal(res.headers['x-llmgw-attempts'], String(tries));
    assert.ok(took < 1000, `took ${took} ms`);
  });

  test('the pre-flight skips a deployment whose window is too small', async () => {
    const long = 'many words '.repeat(60); // ~165 estimated tokens: over 64, under 4000
    const res = await ctx.post(CHAT, chatBody('windows', long));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['x-llmgw-deployment'], 'large');
    assert.equal(res.headers['x-llmgw-fallback'], undefined);
    assert.equal(ctx.fake.requestsFor('scenario-script-small').length, 0);
    const short = await ctx.post(CHAT, chatBody('windows', 'hi'));
    assert.equal(short.headers['x-llmgw-deployment'], 'small');
  });

  test('a request no window can hold is a 400 context_length_exceeded', async () => {
    const huge = 'many words '.repeat(1600); // ~4400 tokens
    const res = await ctx.post(CHAT, chatBody('windows', huge));
    const error = assertOpenAIError(res, 400, { code: 'context_length_exceeded', where: 'pre-flight' });
    assert.match(error.message, /maximum context length is 4000 tokens/);
    assert.equal(error.param, 'messages');
  });

  test("a provider's context length error moves on to a larger window", async () => {
    ctx.fake.script('overflow', [], { status: 400, code: 'context_length_exceeded', message: "This model's maximum context length is 8192 tokens." });
    const res = await ctx.post(CHAT, chatBody('overflow'));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['x-llmgw-deployment'], 'large');
    assert.equal(res.headers['x-llmgw-attempts'], '2');
    assert.equal(res.headers['x-llmgw-fallback'], 'true');
    assert.equal(await metricValue(ctx, 'llmgw_fallbacks_total', { model: 'overflow' }), 1);
  });

  test('a breaker opens after consecutive failures, cools down and recovers', async () => {
    ctx.fake.script('flaky', [], { status: 500 });
    for (let i = 0; i < 2; i++) {
      const res = await ctx.post(CHAT, chatBody('breaker'));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['x-llmgw-deployment'], 'backup');
      assert.equal(res.headers['x-llmgw-fallback'], 'true');
    }
    assert.equal(ctx.fake.requestsFor('scenario-script-flaky').length, 2);
    assert.equal(await metricValue(ctx, 'llmgw_deployment_state', { model: 'breaker', deployment: 'primary' }), 2);
    await ctx.gw.waitForLog((l) => l.msg === 'circuit breaker opened' && l.deployment === 'primary');

    // Open: the primary is not even tried.
    const skipped = await ctx.post(CHAT, chatBody('breaker'));
    assert.equal(skipped.headers['x-llmgw-deployment'], 'backup');
    assert.equal(skipped.headers['x-llmgw-attempts'], '1');
    assert.equal(ctx.fake.requestsFor('scenario-script-flaky').length, 2);

    // After the cooldown one probe goes through; the primary has recovered, so it closes.
    ctx.fake.script('flaky', []);
    await new Promise((r) => setTimeout(r, 700));
    const probe = await ctx.post(CHAT, chatBody('breaker'));
    assert.equal(probe.status, 200, probe.text);
    assert.equal(probe.headers['x-llmgw-deployment'], 'primary');
    assert.equal(await metricValue(ctx, 'llmgw_deployment_state', { model: 'breaker', deployment: 'primary' }), 0);
    for (const to of ['open', 'half_open', 'closed']) {
      assert.equal(await metricValue(ctx, 'llmgw_breaker_transitions_total', { model: 'breaker', deployment: 'primary', to }), 1, to);
    }
  });

  test('when every breaker is open the gateway fails fast with 503', async () => {
    ctx.fake.script('lonely', [], { status: 502 });
    const first = await ctx.post(CHAT, chatBody('lonely'));
    assert.equal(first.status, 502, first.text);
    const started = performance.now();
    const res = await ctx.post(CHAT, chatBody('lonely'));
    const error = assertOpenAIError(res, 503, { code: 'service_unavailable', where: 'all open' });
    assert.match(error.message, /circuit breaker is open/);
    assert.ok(performance.now() - started < 200);
    assert.equal(ctx.fake.requestsFor('scenario-script-lonely').length, 1);
  });

  test('breaker state survives a reload that keeps the deployment id', async () => {
    const from = ctx.gw.logs.length;
    ctx.gw.proc.kill('SIGHUP');
    await ctx.gw.waitForLog((j) => ctx.gw.logs.indexOf(j) >= from && j.msg === 'config reloaded', 5000);
    const res = await ctx.post(CHAT, chatBody('lonely'));
    assertOpenAIError(res, 503, { code: 'service_unavailable', where: 'after reload' });
    assert.equal(ctx.fake.requestsFor('scenario-script-lonely').length, 1);
  });

  test('the weighted split follows the weights (seeded)', async () => {
    const counts = { light: 0, heavy: 0 };
    const client = new OpenAI({ apiKey: ctx.secrets.clientKeyA, baseURL: `http://127.0.0.1:${ctx.gw.port}/v1`, maxRetries: 0 });
    for (let i = 0; i < 400; i++) {
      const { response } = await client.chat.completions.create(chatBody('split', `n${i}`)).withResponse();
      counts[response.headers.get('x-llmgw-deployment')]++;
    }
    // Expected 100 / 300; a binomial sd of ~8.7, so ±35 is four sd.
    assert.ok(Math.abs(counts.light - 100) <= 35, JSON.stringify(counts));
    assert.equal(counts.light + counts.heavy, 400);
  });

  test('least in-flight sends a request to the idle deployment', async () => {
    for (let round = 0; round < 4; round++) {
      ctx.fake.clear();
      const busy = ctx.post(CHAT, chatBody('lif', `busy ${round}`));
      await ctx.fake.waitForRequest((r) => /scenario-slow-70/.test(r.body?.model));
      const next = await ctx.post(CHAT, chatBody('lif', `next ${round}`));
      const first = await busy;
      assert.equal(first.status, 200, first.text);
      assert.equal(next.status, 200, next.text);
      assert.notEqual(next.headers['x-llmgw-deployment'], first.headers['x-llmgw-deployment'], `round ${round}`);
    }
  });
});
