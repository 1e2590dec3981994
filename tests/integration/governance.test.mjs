// Limits, budgets, cost and spend records against the real binary: requests per minute per
// key, a team budget that runs out, the exact cost of every answer (header, stream comment,
// access log, spend record), expired keys, the unauthenticated mode, and no spend record lost
// on SIGTERM. Upstream usage is deterministic (openai_wire.mjs), so every number is exact.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import OpenAI from 'openai';

import { expectedUsage } from '../support/fake_openai.mjs';
import { assertOpenAIError, chatBody, useGateway } from '../support/harness.mjs';

const CHAT = '/v1/chat/completions';
// $1.00 and $2.00 per million tokens: a token costs 1,000,000 and 2,000,000 pico-USD.
const INPUT_PICO = 1_000_000n;
const OUTPUT_PICO = 2_000_000n;
const LIMITED_SECRET = 'llmgw-test-limited-0123456789abcdef';
const THRIFTY_SECRET = 'llmgw-test-thrifty-0123456789abcdef';
const EXPIRED_SECRET = 'llmgw-test-expired-0123456789abcdef';

/** pico-USD as the gateway prints USD: only the digits needed, "0" for zero. */
function usd(pico) {
  const whole = pico / 1_000_000_000_000n;
  let fraction = (pico % 1_000_000_000_000n).toString().padStart(12, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

function costOf(usage) {
  return BigInt(usage.prompt_tokens) * INPUT_PICO + BigInt(usage.completion_tokens) * OUTPUT_PICO;
}

function sqliteRows(file, sql) {
  const out = execFileSync('sqlite3', ['-json', file, sql], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

describe('governance: limits, budgets, cost and spend records', { timeout: 90000 }, () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'llmgw-state-'));
  after(() => rmSync(stateDir, { recursive: true, force: true }));
  const ctx = useGateway({
    configure(config) {
      config.server.workers = 1;
      config.pricing = {
        providers: { fake: { 'scenario-normal': { input: '1.00', output: '2.00' } } },
        litellm_cost_header: true,
        stream_cost_comment: true,
      };
      config.teams = [{ id: 'small', budget: { amount: '0.001', period: 'day' } }];
      config.keys.push(
        { id: 'limited', secret: LIMITED_SECRET, limits: { rpm: 3 } },
        { id: 'thrifty', secret: THRIFTY_SECRET, team: 'small' },
      );
      config.state = { dir: stateDir };
    },
  });
  const billed = []; // {key, pico, usage} of every answered request, for the spend records.

  test('a non-streamed answer carries its exact cost', async () => {
    const body = chatBody('gpt-test', 'what does this cost');
    const res = await ctx.post(CHAT, body);
    assert.equal(res.status, 200, res.text);
    const usage = expectedUsage(body);
    assert.deepEqual(res.json.usage.prompt_tokens, usage.prompt_tokens);
    const pico = costOf(usage);
    assert.equal(res.headers['x-llmgw-cost'], usd(pico));
    assert.equal(res.headers['x-litellm-response-cost'], usd(pico));
    billed.push({ key: 'team-a', pico, usage });
  });

  test('a stream ends with its cost in an SSE comment, and the access log has it too', async () => {
    const body = chatBody('gpt-test', 'stream me a price', { stream: true, stream_options: { include_usage: true } });
    const res = await ctx.post(CHAT, body);
    assert.equal(res.status, 200, res.text);
    const usage = expectedUsage(body);
    const pico = costOf(usage);
    assert.match(res.text, new RegExp(`\n: x-llmgw-cost ${usd(pico).replace('.', '\\.')}\n\n$`));
    billed.push({ key: 'team-a', pico, usage });
    const line = await ctx.gw.waitForAccessLog((l) => l.request_id === res.headers['x-request-id']);
    assert.equal(line.cost_usd, usd(pico));
    assert.equal(line.attempts, 1);
  });

  test('a key over its requests per minute gets a 429 the OpenAI SDK recognises', async () => {
    for (let i = 0; i < 3; i++) {
      const body = chatBody('gpt-test', `limited ${i}`);
      const res = await ctx.post(CHAT, body, { key: LIMITED_SECRET });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['x-ratelimit-limit-requests'], '3');
      assert.equal(res.headers['x-ratelimit-remaining-requests'], String(2 - i));
      assert.match(res.headers['x-ratelimit-reset-requests'], /^(\d+m)?\d+(\.\d+)?s$|^\d+ms$/);
      billed.push({ key: 'limited', pico: costOf(expectedUsage(body)), usage: expectedUsage(body) });
    }
    const res = await ctx.post(CHAT, chatBody('gpt-test', 'one too many'), { key: LIMITED_SECRET });
    const error = assertOpenAIError(res, 429, { code: 'rate_limit_exceeded' });
    assert.equal(error.type, 'requests');
    assert.match(error.message, /key 'limited': limit 3 requests per minute/);
    assert.ok(Number(res.headers['retry-after']) >= 59 && Number(res.headers['retry-after']) <= 61, res.headers['retry-after']);
    assert.equal(res.headers['x-ratelimit-remaining-requests'], '0');

    const client = new OpenAI({ apiKey: LIMITED_SECRET, baseURL: `http://127.0.0.1:${ctx.gw.port}/v1`, maxRetries: 0 });
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'sdk' }] }),
      (e) => e instanceof OpenAI.RateLimitError && e.status === 429 && e.code === 'rate_limit_exceeded',
    );
  });

  test('a team budget runs out: 429 insufficient_quota, after spending about the budget', async () => {
    let spent = 0n;
    let refused;
    for (let i = 0; i < 80 && !refused; i++) {
      const body = chatBody('gpt-test', `spend ${i}`, { max_tokens: 64 });
      const res = await ctx.post(CHAT, body, { key: THRIFTY_SECRET });
      if (res.status === 429) {
        refused = res;
        break;
      }
      assert.equal(res.status, 200, res.text);
      const usage = expectedUsage(body);
      spent += costOf(usage);
      assert.equal(res.headers['x-llmgw-cost'], usd(costOf(usage)));
      billed.push({ key: 'thrifty', pico: costOf(usage), usage });
    }
    assert.ok(refused, 'the budget of $0.001 should run out within 80 requests');
    const error = assertOpenAIError(refused, 429, { code: 'insufficient_quota' });
    assert.equal(error.type, 'insufficient_quota');
    assert.match(error.message, /Budget exhausted for team 'small': 0\.001 USD per day\./);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    // Reserve-then-settle admits a request only while spent + its estimate fits, and these
    // answers stay within their estimates: never over the budget.
    assert.ok(spent <= 1_000_000_000n, `spent ${usd(spent)} of 0.001`);
    assert.ok(spent >= 500_000_000n, `spent only ${usd(spent)} of 0.001`);
  });

  test('SIGTERM writes one spend record per answered request, tokens and cost exact', async () => {
    const exit = await ctx.gw.stop();
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, ctx.gw.output());
    const rows = sqliteRows(
      path.join(stateDir, 'llmgw.db'),
      'SELECT key_id, model, provider, input_tokens, output_tokens, cost_pico, status FROM spend ORDER BY rowid',
    );
    assert.equal(rows.length, billed.length, JSON.stringify(rows));
    rows.forEach((row, i) => {
      const want = billed[i];
      assert.equal(row.key_id, want.key, `row ${i}`);
      assert.equal(row.model, 'gpt-test');
      assert.equal(row.provider, 'fake');
      assert.equal(row.input_tokens, want.usage.prompt_tokens, `row ${i}`);
      assert.equal(row.output_tokens, want.usage.completion_tokens, `row ${i}`);
      assert.equal(BigInt(row.cost_pico), want.pico, `row ${i}`);
      assert.equal(row.status, 200);
    });
  });
});

describe('governance: expired keys and the unauthenticated mode', { timeout: 60000 }, () => {
  const ctx = useGateway({
    configure(config) {
      config.teams = [{ id: 'dev' }];
      config.auth = { unauthenticated: { team: 'dev' } };
      config.keys.push({ id: 'old', secret: EXPIRED_SECRET, expires: '2020-01-01T00:00:00Z' });
    },
  });

  test('no key at all is the unauthenticated key of team dev', async () => {
    const res = await ctx.post(CHAT, chatBody('gpt-test', 'no key'), { headers: { authorization: undefined } });
    assert.equal(res.status, 200, res.text);
    const line = await ctx.gw.waitForAccessLog((l) => l.request_id === res.headers['x-request-id']);
    assert.equal(line.key_id, 'unauthenticated');
  });

  test('an expired key is refused with 401 naming it, a wrong key still with the usual 401', async () => {
    const expired = await ctx.post(CHAT, chatBody('gpt-test', 'expired'), { key: EXPIRED_SECRET });
    const error = assertOpenAIError(expired, 401, { code: 'invalid_api_key' });
    assert.equal(error.message, "The API key 'old' expired at 2020-01-01T00:00:00Z. Ask for a new key.");
    const wrong = await ctx.post(CHAT, chatBody('gpt-test', 'wrong'), { key: 'llmgw-not-a-key' });
    assertOpenAIError(wrong, 401, { code: 'invalid_api_key' });
  });
});
