// Endpoints served by the gateway itself: model list, health, readiness, metrics.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { MODELS } from '../support/gateway.mjs';
import { assertOpenAIError, chatBody, useGateway } from '../support/harness.mjs';
import { request } from '../support/http.mjs';

describe('gateway endpoints', { timeout: 60000 }, () => {
  const ctx = useGateway();

  test('GET /v1/models lists the configured public models', async () => {
    const res = await ctx.get('/v1/models');
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers['content-type'], /application\/json/);
    assert.equal(res.json.object, 'list');
    const ids = res.json.data.map((m) => m.id).sort();
    assert.deepEqual(ids, [...Object.keys(MODELS), 'refused'].sort());
    const m = res.json.data.find((x) => x.id === 'gpt-test');
    assert.equal(m.object, 'model');
    assert.equal(m.owned_by, 'llmgw-tests');
    assert.equal(m.created, 1700000000);
    // Upstream names are an implementation detail and stay hidden.
    assert.ok(!res.text.includes('scenario-'), 'deployment model names leak into /v1/models');
  });

  test('GET /v1/models/{id}: known → the model, unknown → 404 model_not_found', async () => {
    const res = await ctx.get('/v1/models/gpt-test');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual({ id: res.json.id, object: res.json.object }, { id: 'gpt-test', object: 'model' });
    assertOpenAIError(await ctx.get('/v1/models/nope'), 404, { code: 'model_not_found' });
  });

  test('GET /v1/models needs a key', async () => {
    const res = await request(ctx.gw.port, { path: '/v1/models' });
    assertOpenAIError(res, 401);
  });

  test('/healthz and /readyz answer 200 without a key', async () => {
    const h = await request(ctx.gw.port, { path: '/healthz' });
    assert.equal(h.status, 200, h.text);
    const r = await request(ctx.gw.port, { path: '/readyz' });
    assert.equal(r.status, 200, r.text);
  });

  test('/metrics on the API port and on the metrics listener', async () => {
    const sent = await ctx.post('/v1/chat/completions', chatBody('gpt-test', 'count me'));
    assert.equal(sent.status, 200, sent.text);
    // A request is counted after its last byte is written, so the client can see the response
    // before the worker has recorded it; the access log line is written right after the metrics.
    const id = sent.headers['x-request-id'];
    await ctx.gw.waitForAccessLog((l) => l.request_id === id);
    for (const port of [ctx.gw.port, ctx.gw.metricsPort]) {
      const res = await request(port, { path: '/metrics' });
      assert.equal(res.status, 200, `port ${port}: ${res.text}`);
      assert.match(res.headers['content-type'], /text\/plain/);
      assert.match(res.text, /^# TYPE llmgw_requests_total counter$/m);
      assert.match(res.text, /^llmgw_requests_total\{[^}]*model="gpt-test"[^}]*\} [1-9]/m);
      assert.match(res.text, /^llmgw_build_info\{/m);
      assert.match(res.text, /^llmgw_tokens_total\{[^}]*type="(prompt|completion)"/m);
      assert.ok(!res.text.includes(ctx.secrets.providerKey) && !res.text.includes(ctx.secrets.clientKeyA));
    }
  });

  test('metrics labels stay bounded: unknown models do not create series', async () => {
    for (let i = 0; i < 5; i++) {
      const headers = { 'x-request-id': `unknown-model-${i}` };
      await ctx.post('/v1/chat/completions', chatBody(`random-model-${i}`), { headers });
    }
    // Recorded after the response: wait until all five are in, or the check below proves nothing.
    await ctx.gw.waitForAccessLog((l) => l.request_id === 'unknown-model-4');
    const res = await request(ctx.gw.metricsPort, { path: '/metrics' });
    assert.ok(!res.text.includes('random-model-'), 'per-request values used as labels');
  });
});
